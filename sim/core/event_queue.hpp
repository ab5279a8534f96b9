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

/// A min-priority queue of events ordered by (time, phase, actor, sequence): a total order (the
/// sequence is unique), so the same schedule is always processed in the same order, whatever
/// the heap's internal layout.
///
/// A 4-ary heap over an array: half the depth of a binary heap, and the four children of a node
/// lie side by side, so a pop — the simulator's most frequent operation after the book's —
/// touches few cache lines. An entry is 32 bytes: the phase and actor are packed into one rank
/// word (phase in the top bits), so the order is three integer words compared without branches
/// (the outcome of a time comparison is a coin flip to the branch predictor). A pop moves the
/// hole left by the root down to a leaf along the earliest children and only then sifts the last
/// entry up from there (Floyd's bottom-up deletion): the last entry was scheduled late and
/// almost always belongs near the bottom, so this saves a comparison with it at every level.
/// Push and pop are inline: they run once per event of the simulation's loop.
class EventQueue {
 public:
  void push(Nanos time, EventPhase phase, std::uint32_t actor, std::uint32_t generation = 0) {
    const Entry entry{time, (static_cast<std::uint64_t>(phase) << 32) | actor, sequence_++,
                      generation};
    heap_.emplace_back();
    sift_up(heap_.size() - 1, entry);
  }
  bool empty() const { return heap_.empty(); }
  /// The next event (the queue must not be empty).
  Event top() const { return heap_.front().event(); }
  /// The time of the next event (the queue must not be empty).
  Nanos top_time() const { return heap_.front().time; }
  /// Removes and returns the next event (the queue must not be empty).
  Event pop();
  std::size_t size() const { return heap_.size(); }

 private:
  struct Entry {
    Nanos time;
    std::uint64_t rank;  // phase << 32 | actor: ties on time broken by it
    std::uint64_t sequence;
    std::uint32_t generation;

    /// Strictly earlier in (time, rank, sequence) order. Bitwise operators, not && and ||,
    /// so that the compiler evaluates every word and selects without branching.
    bool before(const Entry& other) const {
      const bool rank_first =
          (rank < other.rank) | ((rank == other.rank) & (sequence < other.sequence));
      return (time < other.time) | ((time == other.time) & rank_first);
    }
    Event event() const {
      return Event{time, static_cast<EventPhase>(rank >> 32), static_cast<std::uint32_t>(rank),
                   sequence, generation};
    }
  };
  static constexpr std::size_t kArity = 4;

  /// Moves parents down from `hole` until `entry`'s place is found, then writes it once.
  void sift_up(std::size_t hole, const Entry& entry) {
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!entry.before(heap_[parent])) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = entry;
  }

  std::vector<Entry> heap_;
  std::uint64_t sequence_ = 0;
};

inline Event EventQueue::pop() {
  const Event top = heap_.front().event();
  const Entry last = heap_.back();
  heap_.pop_back();
  const std::size_t size = heap_.size();
  if (size == 0) return top;
  // Down to a leaf, moving the earliest child up into the hole at each level: a tournament of
  // the four children (two pairs, then their winners) when the node has all four.
  Entry* const heap = heap_.data();
  std::size_t hole = 0;
  for (;;) {
    const std::size_t first = hole * kArity + 1;
    std::size_t best = first;
    if (first + kArity <= size) {
      const std::size_t low = heap[first + 1].before(heap[first]) ? first + 1 : first;
      const std::size_t high = heap[first + 3].before(heap[first + 2]) ? first + 3 : first + 2;
      best = heap[high].before(heap[low]) ? high : low;
    } else {
      if (first >= size) break;
      for (std::size_t child = first + 1; child < size; ++child) {
        if (heap[child].before(heap[best])) best = child;
      }
    }
    heap[hole] = heap[best];
    hole = best;
  }
  sift_up(hole, last);
  return top;
}

}  // namespace lmsim::sim
