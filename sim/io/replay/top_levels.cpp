#include "sim/io/replay/top_levels.hpp"

namespace lmsim::sim::replay {

namespace {

using engine::Nanos;
using engine::Side;

MarketEvent level_event(Nanos time, Nanos local_time, Side side, Ticks price, Lots quantity) {
  return MarketEvent{time, local_time, MarketEvent::Kind::kLevel, side, price, quantity};
}

// `better(a, b)`: price a is nearer the touch than b on this side.
template <class Better>
void append_removals(const std::vector<PriceLevel>& before, const std::vector<PriceLevel>& after,
                     Side side, Nanos time, Nanos local_time, Better better,
                     std::vector<MarketEvent>& out) {
  std::size_t j = 0;
  for (const PriceLevel& level : before) {
    while (j < after.size() && better(after[j].price, level.price)) ++j;
    if (j == after.size() || after[j].price != level.price)
      out.push_back(level_event(time, local_time, side, level.price, 0));
  }
}

template <class Better>
void append_updates(const std::vector<PriceLevel>& before, const std::vector<PriceLevel>& after,
                    Side side, Nanos time, Nanos local_time, Better better,
                    std::vector<MarketEvent>& out) {
  std::size_t i = 0;
  for (const PriceLevel& level : after) {
    while (i < before.size() && better(before[i].price, level.price)) ++i;
    if (i == before.size() || before[i] != level)
      out.push_back(level_event(time, local_time, side, level.price, level.quantity));
  }
}

}  // namespace

void append_level_changes(const TopLevels& before, const TopLevels& after, Nanos time,
                          Nanos local_time, std::vector<MarketEvent>& out) {
  const auto higher = [](Ticks a, Ticks b) { return a > b; };
  const auto lower = [](Ticks a, Ticks b) { return a < b; };
  append_removals(before.bids, after.bids, Side::kBid, time, local_time, higher, out);
  append_removals(before.asks, after.asks, Side::kAsk, time, local_time, lower, out);
  append_updates(before.bids, after.bids, Side::kBid, time, local_time, higher, out);
  append_updates(before.asks, after.asks, Side::kAsk, time, local_time, lower, out);
}

}  // namespace lmsim::sim::replay
