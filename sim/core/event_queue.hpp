#pragma once

#include <cstdint>
#include <vector>

#include "engine/time.hpp"

namespace lmsim::sim {

using engine::Nanos;

/// What happens at an instant, in the order events at the same instant are processed. This is
/// the simulator's fixed tie-break: the market moves first, then the background population, then
/// the miners, then the snapshot is taken and finally the market series is sampled — so a
/// snapshot at instant t sees every order placed at t.
enum class EventPhase : std::uint8_t {
  kMarket = 0,      ///< fundamental value updates
  kBackground = 1,  ///< background agents and taker flow
  kMiner = 2,       ///< miners (their delayed orders go live at their wakes)
  kSnapshot = 3,    ///< campaign snapshots
  kRecord = 4,      ///< market-series samples
};

/// A scheduled event: who acts, when, in which phase.
struct Event {
  Nanos time = 0;
  EventPhase phase = EventPhase::kMarket;
  std::uint32_t actor = 0;       ///< agent index, or a phase-specific id
  std::uint64_t sequence = 0;    ///< insertion order: the last tie-break
  std::uint32_t generation = 0;  ///< lets an actor supersede its own earlier wake-ups
};

/// A min-priority queue of events ordered by (time, phase, actor, sequence): a total order, so
/// the same schedule is always processed in the same order.
///
/// A 4-ary heap over an array: half the depth of a binary heap, and the four children of a node
/// share a cache line or two, so a pop — the simulator's most frequent operation after the book's
/// — touches fewer lines. The order key is held as two words, (time, phase·actor), compared
/// before the sequence, so most comparisons are two integer compares.
class EventQueue {
 public:
  void push(Nanos time, EventPhase phase, std::uint32_t actor, std::uint32_t generation = 0);
  bool empty() const { return heap_.empty(); }
  const Event& top() const { return heap_.front().event; }
  Event pop();
  std::size_t size() const { return heap_.size(); }

 private:
  struct Entry {
    Event event;
    std::uint64_t rank;  // phase in the top bits, then actor: ties on time broken by it

    bool before(const Entry& other) const {
      if (event.time != other.event.time) return event.time < other.event.time;
      if (rank != other.rank) return rank < other.rank;
      return event.sequence < other.event.sequence;
    }
  };
  static constexpr std::size_t kArity = 4;

  std::vector<Entry> heap_;
  std::uint64_t sequence_ = 0;
};

}  // namespace lmsim::sim
