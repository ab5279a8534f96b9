#include <catch2/catch.hpp>

#include "replay_fixtures.hpp"
#include "sim/io/replay/tardis_trade_reader.hpp"

using namespace lmsim;
using namespace lmsim::sim::replay;
using engine::Side;
using K = MarketEvent::Kind;

namespace {

constexpr MarketUnits kBinance{0.01, 1e-8};
const std::string kHeader = "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n";
const std::string kName = "BTCUSDT_trades.csv";

TardisOptions options(EventClock clock = EventClock::kExchange,
                      OnBadRow policy = OnBadRow::kError) {
  return TardisOptions{kBinance, clock, policy};
}

MarketEvent trade(engine::Nanos us, engine::Nanos local_us, Side side, Ticks price, Lots amount) {
  return MarketEvent{us * 1000, local_us * 1000, K::kTrade, side, price, amount};
}

std::string with_row3(const std::string& row) {
  return kHeader + "binance,BTCUSDT,1000,900,1,buy,100.01,0.5\n" + row +
         "\nbinance,BTCUSDT,3000,2900,3,sell,100.00,2\n";
}
const std::vector<MarketEvent> kOuterTrades{
    trade(1000, 900, Side::kBid, 10001, 50000000),
    trade(3000, 2900, Side::kAsk, 10000, 200000000),
};

using Result = test::ReadResult;

Result read_text(const std::string& text, const TardisOptions& tardis_options) {
  return test::read_text_as<TardisTradeReader>(kName, text, tardis_options);
}

std::string error_text(const std::string& text, EventClock clock = EventClock::kExchange) {
  return test::error_of([&] { read_text(text, options(clock)); });
}

}  // namespace

TEST_CASE("TardisTradeReader: BTCUSDT excerpt against independently computed values", "[replay]") {
  // Expected values: tests/data/replay/expected_values.py.
  TardisTradeReader reader(test::replay_data("BTCUSDT_trades.csv.gz"), options());
  const std::vector<MarketEvent> events = test::read_all(reader);
  REQUIRE(events.size() == 283);
  std::int64_t buys = 0;
  std::int64_t lots = 0;
  for (const MarketEvent& e : events) {
    CHECK(e.kind == K::kTrade);
    buys += e.side == Side::kBid;
    lots += e.quantity;
  }
  CHECK(buys == 157);
  CHECK(lots == 262732000);
  // The first trade: seller-initiated 0.02 BTC at 61837.63, received 1.25 s "before" it
  // happened by the recorder's slow clock.
  CHECK(events.front() == trade(1723161255342000, 1723161254087896, Side::kAsk, 6183763, 2000000));
  CHECK(events.back().time == 1723161269636000 * 1000);
  CHECK(events.back().price == 6183309);
  CHECK(reader.bad_rows() == BadRowCounts{});
}

TEST_CASE("TardisTradeReader: side is the aggressor, an unknown one is never guessed", "[replay]") {
  CHECK(read_text(with_row3("binance,BTCUSDT,2000,1900,2,sell,100.00,1"), options()).events ==
        std::vector<MarketEvent>{kOuterTrades[0], trade(2000, 1900, Side::kAsk, 10000, 100000000),
                                 kOuterTrades[1]});
  CHECK(error_text(with_row3("binance,BTCUSDT,2000,1900,2,unknown,100.00,1")) ==
        "BTCUSDT_trades.csv:3:29: side: the aggressor side is unknown (got \"unknown\"); lmsim "
        "needs buy or sell and does not guess");
  CHECK(error_text(with_row3("binance,BTCUSDT,2000,1900,2,,100.00,1")) ==
        "BTCUSDT_trades.csv:3:29: side: the aggressor side is unknown (got \"\"); lmsim needs "
        "buy or sell and does not guess");
}

TEST_CASE("TardisTradeReader: bad rows are errors with file, line, column and column name",
          "[replay]") {
  const std::string f = "BTCUSDT_trades.csv:3:";
  CHECK(error_text(with_row3("binance,BTCUSDT,2000,1900,2,sell,x,1")) ==
        f + "34: price: expected a positive number (got \"x\")");
  CHECK(error_text(with_row3("binance,BTCUSDT,2000,1900,2,sell,0,1")) ==
        f + "34: price: must be > 0 (got 0)");
  CHECK(error_text(with_row3("binance,BTCUSDT,2000,1900,2,sell,100.001,1")) ==
        f + "34: price: 100.001 is not a whole number of ticks (tick_size 0.01)");
  CHECK(error_text(with_row3("binance,BTCUSDT,2000,1900,2,sell,100.00,0")) ==
        f + "41: amount: must be > 0 (got 0)");
  CHECK(error_text(with_row3("binance,BTCUSDT,2000,1900,2,sell,100.00,-1")) ==
        f + "41: amount: must be > 0 (got -1)");
  CHECK(error_text(with_row3("binance,BTCUSDT,2000,1900,2,sell,100.00,1.000000001")) ==
        f + "41: amount: 1.000000001 is not a whole number of lots (lot_size 0.00000001)");
  CHECK(error_text(with_row3("binance,BTCUSDT,2000,1900,2,hold,100.00,1")) ==
        f + "29: side: expected buy or sell (got \"hold\")");
  CHECK(error_text(with_row3("binance,BTCUSDT,999,1900,2,sell,100.00,1")) ==
        f + "17: timestamp: 1970-01-01T00:00:00.000999Z is earlier than the previous row's "
            "1970-01-01T00:00:00.001Z (rows must be in time order)");
  CHECK(error_text(with_row3("binance,BTCUSDT,2000,899,2,sell,100.00,1"), EventClock::kLocal) ==
        f + "22: local_timestamp: 1970-01-01T00:00:00.000899Z is earlier than the previous "
            "row's 1970-01-01T00:00:00.000900Z (rows must be in time order)");
  CHECK(error_text(with_row3("binance,BTCUSDT,2000,1900,2,sell,100.00")) ==
        "BTCUSDT_trades.csv:3: expected 8 fields as in the header (got 7)");
}

TEST_CASE("TardisTradeReader: under kSkip each bad row is dropped and counted by kind",
          "[replay]") {
  struct Case {
    std::string row;
    BadRowKind kind;
  };
  const std::vector<Case> cases{
      {"binance,BTCUSDT,2000,1900,2,sell,x,1", BadRowKind::kUnparsable},
      {"binance,BTCUSDT,2000,1900,2,sell,-5,1", BadRowKind::kNonPositivePrice},
      {"binance,BTCUSDT,2000,1900,2,sell,100.001,1", BadRowKind::kOffTick},
      {"binance,BTCUSDT,2000,1900,2,sell,100.00,0", BadRowKind::kNonPositiveTrade},
      {"binance,BTCUSDT,2000,1900,2,sell,100.00,1e-9", BadRowKind::kOffLot},
      {"binance,BTCUSDT,999,1900,2,sell,100.00,1", BadRowKind::kNonMonotonicTime},
      {"binance,BTCUSDT,2000,1900,2,unknown,100.00,1", BadRowKind::kUnknownAggressor},
      {"binance,BTCUSDT,2000,1900,2,,100.00,1", BadRowKind::kUnknownAggressor},
  };
  for (const Case& c : cases) {
    INFO(c.row);
    const Result result =
        read_text(with_row3(c.row), options(EventClock::kExchange, OnBadRow::kSkip));
    CHECK(result.events == kOuterTrades);
    BadRowCounts counts;
    counts[c.kind] = 1;
    counts.dropped_rows = 1;
    CHECK(result.counts == counts);
  }
}
