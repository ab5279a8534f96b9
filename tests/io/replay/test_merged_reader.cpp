#include <catch2/catch.hpp>

#include "replay_fixtures.hpp"
#include "sim/io/replay/merged_reader.hpp"
#include "sim/io/replay/tardis_book_reader.hpp"
#include "sim/io/replay/tardis_trade_reader.hpp"

using namespace lmsim;
using namespace lmsim::sim::replay;
using engine::Side;
using K = MarketEvent::Kind;

namespace {

constexpr MarketUnits kBinance{0.01, 1e-8};

/// Events from a list, as a reader.
class ListReader final : public MarketEventReader {
 public:
  ListReader(std::vector<MarketEvent> events, EventClock clock)
      : events_(std::move(events)), clock_(clock) {}
  bool next(MarketEvent& event) override {
    if (position_ == events_.size()) return false;
    event = events_[position_++];
    return true;
  }
  EventClock clock() const override { return clock_; }
  BadRowCounts bad_rows() const override {
    BadRowCounts counts;
    counts.off_tick = 1;
    return counts;
  }

 private:
  std::vector<MarketEvent> events_;
  std::size_t position_ = 0;
  EventClock clock_;
};

MarketEvent ev(engine::Nanos time, engine::Nanos local_time, K kind, Ticks price) {
  return MarketEvent{time, local_time, kind, Side::kBid, price, 1};
}

std::vector<MarketEvent> merge(std::vector<MarketEvent> first, std::vector<MarketEvent> second,
                               EventClock clock) {
  std::vector<std::unique_ptr<MarketEventReader>> inputs;
  inputs.push_back(std::make_unique<ListReader>(std::move(first), clock));
  inputs.push_back(std::make_unique<ListReader>(std::move(second), clock));
  MergedReader merged(std::move(inputs));
  return test::read_all(merged);
}

std::unique_ptr<MergedReader> merged_excerpt(EventClock clock) {
  const TardisOptions options{kBinance, clock, OnBadRow::kError};
  std::vector<std::unique_ptr<MarketEventReader>> inputs;
  inputs.push_back(std::make_unique<TardisBookReader>(
      test::replay_data("BTCUSDT_incremental_book_L2.csv.gz"), options));
  inputs.push_back(
      std::make_unique<TardisTradeReader>(test::replay_data("BTCUSDT_trades.csv.gz"), options));
  return std::make_unique<MergedReader>(std::move(inputs));
}

}  // namespace

TEST_CASE("MergedReader: time order, ties to the input given first, then file order", "[replay]") {
  const std::vector<MarketEvent> book{ev(10, 5, K::kClear, 0), ev(10, 5, K::kLevel, 1),
                                      ev(20, 30, K::kLevel, 2), ev(40, 31, K::kLevel, 3)};
  const std::vector<MarketEvent> trades{ev(5, 40, K::kTrade, 100), ev(10, 4, K::kTrade, 101),
                                        ev(20, 29, K::kTrade, 102), ev(20, 33, K::kTrade, 103),
                                        ev(50, 50, K::kTrade, 104)};
  CHECK(merge(book, trades, EventClock::kExchange) ==
        std::vector<MarketEvent>{trades[0], book[0], book[1], trades[1], book[2], trades[2],
                                 trades[3], book[3], trades[4]});
  // Trades given first win the ties instead.
  CHECK(merge(trades, book, EventClock::kExchange) ==
        std::vector<MarketEvent>{trades[0], trades[1], book[0], book[1], trades[2], trades[3],
                                 book[2], book[3], trades[4]});
}

TEST_CASE("MergedReader: the local clock orders by local_time only", "[replay]") {
  // Book local times 5,5,30,31; trade local times must be non-decreasing per input.
  const std::vector<MarketEvent> book{ev(10, 5, K::kClear, 0), ev(10, 5, K::kLevel, 1),
                                      ev(20, 30, K::kLevel, 2), ev(40, 31, K::kLevel, 3)};
  const std::vector<MarketEvent> trades{ev(10, 4, K::kTrade, 101), ev(20, 29, K::kTrade, 102),
                                        ev(5, 30, K::kTrade, 100), ev(50, 50, K::kTrade, 104)};
  CHECK(merge(book, trades, EventClock::kLocal) ==
        std::vector<MarketEvent>{trades[0], book[0], book[1], trades[1], book[2], trades[2],
                                 book[3], trades[3]});
}

TEST_CASE("MergedReader: clocks must not be mixed, counts are summed", "[replay]") {
  std::vector<std::unique_ptr<MarketEventReader>> inputs;
  inputs.push_back(std::make_unique<ListReader>(std::vector<MarketEvent>{}, EventClock::kLocal));
  inputs.push_back(std::make_unique<ListReader>(std::vector<MarketEvent>{}, EventClock::kExchange));
  CHECK_THROWS_WITH(MergedReader(std::move(inputs)),
                    "MergedReader inputs use different clocks (exchange and local times must "
                    "not be mixed)");
  CHECK_THROWS_AS(MergedReader({}), std::invalid_argument);

  std::vector<std::unique_ptr<MarketEventReader>> two;
  two.push_back(std::make_unique<ListReader>(std::vector<MarketEvent>{}, EventClock::kLocal));
  two.push_back(std::make_unique<ListReader>(std::vector<MarketEvent>{}, EventClock::kLocal));
  const MergedReader merged(std::move(two));
  CHECK(merged.bad_rows().off_tick == 2);
  CHECK(merged.clock() == EventClock::kLocal);
}

TEST_CASE("MergedReader: BTCUSDT book and trades excerpts in exchange-time order", "[replay]") {
  const auto merged = merged_excerpt(EventClock::kExchange);
  const std::vector<MarketEvent> events = test::read_all(*merged);
  CHECK(events.size() == 6451 + 283);
  std::size_t ties = 0;
  for (std::size_t i = 1; i < events.size(); ++i) {
    REQUIRE(events[i - 1].time <= events[i].time);
    if (events[i - 1].time == events[i].time && events[i - 1].kind == K::kTrade) {
      // Book events of an instant all come before its trades.
      CHECK(events[i].kind == K::kTrade);
    }
    if (events[i - 1].time == events[i].time && events[i - 1].kind != K::kTrade &&
        events[i].kind == K::kTrade) {
      ++ties;
    }
  }
  CHECK(ties == 1);  // one trade shares its timestamp with a depth update in the excerpt
  // The same run twice gives the same stream.
  CHECK(test::read_all(*merged_excerpt(EventClock::kExchange)) == events);
}

TEST_CASE("MergedReader: BTCUSDT excerpts in receive-time order", "[replay]") {
  const auto merged = merged_excerpt(EventClock::kLocal);
  const std::vector<MarketEvent> events = test::read_all(*merged);
  CHECK(events.size() == 6451 + 283);
  for (std::size_t i = 1; i < events.size(); ++i)
    REQUIRE(events[i - 1].local_time <= events[i].local_time);
  // The recorder received the first trade before the book snapshot arrived.
  CHECK(events[0].kind == K::kTrade);
}
