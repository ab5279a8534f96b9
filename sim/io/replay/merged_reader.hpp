#pragma once

#include <memory>
#include <vector>

#include "sim/core/replay/market_event_reader.hpp"

namespace lmsim::sim::replay {

/// Merges several event streams (typically a book stream and a trade stream of one market) into
/// one stream in time order on their common clock.
///
/// - All inputs must use the same clock (std::invalid_argument otherwise): events are never
///   ordered by a mix of exchange and receive times.
/// - Tie-break at equal times, fixed so that every run gives the same order: the input given
///   first wins (pass the book before the trades: at one instant, book updates come before
///   trades), and events of one input keep their file order.
/// - Each input is already checked to be in order, so the merge is a plain k-way merge holding
///   one pending event per input.
class MergedReader final : public MarketEventReader {
 public:
  explicit MergedReader(std::vector<std::unique_ptr<MarketEventReader>> inputs);

  bool next(MarketEvent& event) override;
  EventClock clock() const override { return clock_; }
  /// The sum over all inputs.
  BadRowCounts bad_rows() const override;

  std::size_t input_count() const { return inputs_.size(); }
  MarketEventReader& input(std::size_t index) { return *inputs_[index]; }

 private:
  struct Head {
    MarketEvent event;
    bool ready = false;  // `event` holds the input's next event
    bool done = false;   // the input is exhausted
  };

  std::vector<std::unique_ptr<MarketEventReader>> inputs_;
  std::vector<Head> heads_;
  EventClock clock_ = EventClock::kExchange;
};

}  // namespace lmsim::sim::replay
