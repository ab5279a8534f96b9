#pragma once

#include <memory>
#include <vector>

#include "sim/core/replay/market_event_reader.hpp"

namespace lmsim::sim::replay {

/// A recorded market held in memory: the events of a stream read once (with the bad rows its
/// readers dropped), shared read-only by any number of readers on any thread — the runs of a
/// sweep replay one tape without reading its files again.
struct MemoryTape {
  std::vector<MarketEvent> events;
  EventClock clock = EventClock::kExchange;
  BadRowCounts bad_rows;
};

/// Reads every event of `reader` into a tape.
MemoryTape read_tape(MarketEventReader& reader);

/// A MarketEventReader over a shared tape.
class MemoryTapeReader final : public MarketEventReader {
 public:
  explicit MemoryTapeReader(std::shared_ptr<const MemoryTape> tape) : tape_(std::move(tape)) {}

  bool next(MarketEvent& event) override;
  std::size_t next_batch(std::span<MarketEvent> events) override;
  std::span<const MarketEvent> decoded() const override {
    return std::span(tape_->events).subspan(next_);
  }
  void skip_decoded(std::size_t count) override { next_ += count; }
  EventClock clock() const override { return tape_->clock; }
  BadRowCounts bad_rows() const override { return tape_->bad_rows; }

 private:
  std::shared_ptr<const MemoryTape> tape_;
  std::size_t next_ = 0;
};

}  // namespace lmsim::sim::replay
