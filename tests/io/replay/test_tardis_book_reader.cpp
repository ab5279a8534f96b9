#include <catch2/catch.hpp>

#include "replay_fixtures.hpp"
#include "sim/io/replay/tardis_book_reader.hpp"

using namespace lmsim;
using namespace lmsim::sim::replay;
using engine::Side;
using K = MarketEvent::Kind;

namespace {

constexpr MarketUnits kBinance{0.01, 1e-8};
const std::string kHeader =
    "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n";

TardisOptions options(EventClock clock = EventClock::kExchange,
                      OnBadRow policy = OnBadRow::kError) {
  return TardisOptions{kBinance, clock, policy};
}

MarketEvent level(engine::Nanos us, engine::Nanos local_us, Side side, Ticks price, Lots quantity) {
  return MarketEvent{us * 1000, local_us * 1000, K::kLevel, side, price, quantity};
}
MarketEvent clear(engine::Nanos us, engine::Nanos local_us) {
  return MarketEvent{us * 1000, local_us * 1000, K::kClear, Side::kBid, 0, 0};
}

// Four good rows: a two-level snapshot, then two updates. Lines 2-5 of the file.
const std::string kRows =
    "binance,BTCUSDT,1000,900,true,bid,100.00,1\n"
    "binance,BTCUSDT,1000,900,true,ask,100.02,2\n"
    "binance,BTCUSDT,2000,1900,false,bid,100.01,3\n"
    "binance,BTCUSDT,3000,2900,false,ask,100.03,1\n";
const std::vector<MarketEvent> kRowEvents{
    clear(1000, 900),
    level(1000, 900, Side::kBid, 10000, 100000000),
    level(1000, 900, Side::kAsk, 10002, 200000000),
    level(2000, 1900, Side::kBid, 10001, 300000000),
    level(3000, 2900, Side::kAsk, 10003, 100000000),
};

std::string with_row4(const std::string& row) {
  return kHeader +
         "binance,BTCUSDT,1000,900,true,bid,100.00,1\n"
         "binance,BTCUSDT,1000,900,true,ask,100.02,2\n" +
         row + "\nbinance,BTCUSDT,3000,2900,false,ask,100.03,1\n";
}

using Result = test::ReadResult;

Result read_text(const std::string& text, const TardisOptions& tardis_options,
                 const std::string& name = "book.csv") {
  return test::read_text_as<TardisBookReader>(name, text, tardis_options);
}

std::string error_text(const std::string& text, EventClock clock = EventClock::kExchange) {
  return test::error_of([&] { read_text(text, options(clock)); });
}

}  // namespace

TEST_CASE("TardisBookReader: BTCUSDT excerpt against independently computed values", "[replay]") {
  // Expected values: tests/data/replay/expected_values.py.
  TardisBookReader reader(test::replay_data("BTCUSDT_incremental_book_L2.csv.gz"), options());
  const std::vector<MarketEvent> events = test::read_all(reader);
  CHECK(events.size() == 6451);  // 6,450 rows and the snapshot's kClear
  CHECK(events[0] == clear(1723161254206652, 1723161254206652));
  CHECK(events[1] == level(1723161254206652, 1723161254206652, Side::kBid, 6183763, 378826000));
  CHECK(reader.bad_rows() == BadRowCounts{});
  CHECK(reader.bytes_read() == 479748);

  const auto tops = test::tops_after_groups(events, EventClock::kExchange);
  CHECK(tops.size() == 150);
  CHECK(tops.front().bid == 6183763);
  CHECK(tops.front().ask == 6183764);
  CHECK(tops.back().bid == 6183309);
  CHECK(tops.back().ask == 6183310);
  for (const auto& top : tops) CHECK(top.bid < top.ask);
  CHECK(*reader.book().best_bid() == 6183309);
  CHECK(reader.book().depth(Side::kBid) == 1110);
  CHECK(reader.book().depth(Side::kAsk) == 1075);
}

TEST_CASE("TardisBookReader: local clock groups by local_timestamp", "[replay]") {
  TardisBookReader reader(test::replay_data("BTCUSDT_incremental_book_L2.csv.gz"),
                          options(EventClock::kLocal));
  const std::vector<MarketEvent> events = test::read_all(reader);
  CHECK(events.size() == 6451);
  const auto tops = test::tops_after_groups(events, EventClock::kLocal);
  // The diff received before the snapshot carries the snapshot's local_timestamp, so it joins
  // the snapshot's group on this clock.
  CHECK(tops.size() == 149);
  for (std::size_t i = 1; i < events.size(); ++i)
    CHECK(events[i - 1].local_time <= events[i].local_time);
  test::ReferenceBook first_group;
  for (const MarketEvent& e : events) {
    if (e.local_time != events[0].local_time) break;
    first_group.apply(e);
  }
  CHECK(first_group.bid_levels() == 999);
  CHECK(first_group.ask_levels() == 1002);
}

TEST_CASE("TardisBookReader: gzip and plain give the same stream", "[replay]") {
  const test::TempDir dir;
  const std::string plain = dir.file("book.csv");
  test::copy_gzip(test::replay_data("BTCUSDT_incremental_book_L2.csv.gz"), plain, false);
  TardisBookReader packed(test::replay_data("BTCUSDT_incremental_book_L2.csv.gz"), options());
  TardisBookReader unpacked(plain, options());
  CHECK(test::read_all(packed) == test::read_all(unpacked));
}

TEST_CASE("TardisBookReader: a snapshot after updates, or back to back, starts with kClear",
          "[replay]") {
  const std::string text = kHeader + kRows +
                           "binance,BTCUSDT,4000,3900,true,bid,99.00,1\n"
                           "binance,BTCUSDT,4000,3900,true,ask,99.05,1\n"
                           "binance,BTCUSDT,4000,3900,true,bid,98.00,4\n"
                           "binance,BTCUSDT,5000,4900,true,bid,97.00,1\n"
                           "binance,BTCUSDT,5000,4900,true,ask,97.01,1\n"
                           "binance,BTCUSDT,6000,5900,false,ask,97.01,0\n";
  std::vector<MarketEvent> expected = kRowEvents;
  expected.insert(expected.end(), {
                                      clear(4000, 3900),
                                      level(4000, 3900, Side::kBid, 9900, 100000000),
                                      level(4000, 3900, Side::kAsk, 9905, 100000000),
                                      level(4000, 3900, Side::kBid, 9800, 400000000),
                                      clear(5000, 4900),
                                      level(5000, 4900, Side::kBid, 9700, 100000000),
                                      level(5000, 4900, Side::kAsk, 9701, 100000000),
                                      level(6000, 5900, Side::kAsk, 9701, 0),
                                  });
  CHECK(read_text(text, options()).events == expected);
}

TEST_CASE("TardisBookReader: bad rows are errors with file, line, column and column name",
          "[replay]") {
  CHECK(error_text(with_row4("binance,BTCUSDT,2000,1900,false,bid,100.01")) ==
        "book.csv:4: expected 8 fields as in the header (got 7)");
  CHECK(error_text(with_row4("binance,BTCUSDT,2000,1900,false,bid,x,3")) ==
        "book.csv:4:37: price: expected a positive number (got \"x\")");
  CHECK(error_text(with_row4("binance,BTCUSDT,2000,1900,false,bid,0,3")) ==
        "book.csv:4:37: price: must be > 0 (got 0)");
  CHECK(error_text(with_row4("binance,BTCUSDT,2000,1900,false,bid,100.005,3")) ==
        "book.csv:4:37: price: 100.005 is not a whole number of ticks (tick_size 0.01)");
  CHECK(error_text(with_row4("binance,BTCUSDT,2000,1900,false,bid,100.01,-3")) ==
        "book.csv:4:44: amount: must be >= 0 (got -3)");
  CHECK(error_text(with_row4("binance,BTCUSDT,2000,1900,false,bid,100.01,0.000000001")) ==
        "book.csv:4:44: amount: 0.000000001 is not a whole number of lots (lot_size "
        "0.00000001)");
  CHECK(error_text(with_row4("binance,BTCUSDT,2000x,1900,false,bid,100.01,3")) ==
        "book.csv:4:17: timestamp: expected integer microseconds since the Unix epoch (got "
        "\"2000x\")");
  CHECK(error_text(with_row4("binance,BTCUSDT,500,1900,false,bid,100.01,3")) ==
        "book.csv:4:17: timestamp: 1970-01-01T00:00:00.000500Z is earlier than the previous "
        "row's 1970-01-01T00:00:00.001Z (rows must be in time order)");
  // On the local clock the same row is in order, and local_timestamp is what is checked.
  CHECK(error_text(with_row4("binance,BTCUSDT,500,1900,false,bid,100.01,3"), EventClock::kLocal) ==
        "(no error)");
  CHECK(error_text(with_row4("binance,BTCUSDT,2000,800,false,bid,100.01,3"), EventClock::kLocal) ==
        "book.csv:4:22: local_timestamp: 1970-01-01T00:00:00.000800Z is earlier than the "
        "previous row's 1970-01-01T00:00:00.000900Z (rows must be in time order)");
  CHECK(error_text(with_row4("binance,BTCUSDT,2000,1900,yes,bid,100.01,3")) ==
        "book.csv:4:27: is_snapshot: expected true or false (got \"yes\")");
  CHECK(error_text(with_row4("binance,BTCUSDT,2000,1900,false,buy,100.01,3")) ==
        "book.csv:4:33: side: expected bid or ask (got \"buy\")");
  CHECK(error_text(with_row4("binance,ETHUSDT,2000,1900,false,bid,100.01,3")) ==
        "book.csv:4:9: symbol: expected \"BTCUSDT\" as in the first row (one market per file; "
        "got \"ETHUSDT\")");
  CHECK(error_text(with_row4("binance,\"BTCUSDT,2000,1900,false,bid,100.01,3")) ==
        "book.csv:4:9: unterminated quoted field (quoted fields may not span lines)");
  CHECK(error_text(with_row4("binance,BTCUSDT,2000,1900,false,bid,100.02,3")) ==
        "book.csv:4: crossed book after the update group at 1970-01-01T00:00:00.002Z (line 4): "
        "best bid 100.02 >= best ask 100.02");
  CHECK(error_text("exchange,symbol,timestamp,side,price,amount\n") ==
        "book.csv:1: missing column \"local_timestamp\" in header (expected "
        "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount)");
}

TEST_CASE("TardisBookReader: under kSkip each bad row is dropped and counted by kind", "[replay]") {
  struct Case {
    std::string row;
    BadRowKind kind;
  };
  const std::vector<Case> cases{
      {"binance,BTCUSDT,2000,1900,false,bid,100.01", BadRowKind::kUnparsable},
      {"binance,BTCUSDT,2000,1900,false,bid,x,3", BadRowKind::kUnparsable},
      {"binance,BTCUSDT,2000,1900,false,bid,-100.01,3", BadRowKind::kNonPositivePrice},
      {"binance,BTCUSDT,2000,1900,false,bid,100.005,3", BadRowKind::kOffTick},
      {"binance,BTCUSDT,2000,1900,false,bid,100.01,-3", BadRowKind::kNegativeSize},
      {"binance,BTCUSDT,2000,1900,false,bid,100.01,1e-9", BadRowKind::kOffLot},
      {"binance,BTCUSDT,500,1900,false,bid,100.01,3", BadRowKind::kNonMonotonicTime},
      {"binance,BTCUSDT,2000,1900,false,bid,100.02,3", BadRowKind::kCrossedBook},
      {"binance,\"BTCUSDT,2000,1900,false,bid,100.01,3", BadRowKind::kUnparsable},
  };
  std::vector<MarketEvent> expected = kRowEvents;
  expected.erase(expected.begin() + 3);
  for (const Case& c : cases) {
    INFO(c.row);
    const Result result =
        read_text(with_row4(c.row), options(EventClock::kExchange, OnBadRow::kSkip));
    CHECK(result.events == expected);
    BadRowCounts counts;
    counts[c.kind] = 1;
    counts.dropped_rows = 1;
    CHECK(result.counts == counts);
  }
}

TEST_CASE("TardisBookReader: a crossed group is dropped whole and the book rolled back",
          "[replay]") {
  // The group at 2000 removes the best ask and crosses; the group at 4000 snapshots a crossed
  // book. Both go, and the book continues from the last good group.
  const std::string text = kHeader +
                           "binance,BTCUSDT,1000,900,true,bid,100.00,1\n"
                           "binance,BTCUSDT,1000,900,true,ask,100.02,2\n"
                           "binance,BTCUSDT,2000,1900,false,ask,100.02,0\n"
                           "binance,BTCUSDT,2000,1900,false,bid,100.05,1\n"
                           "binance,BTCUSDT,2000,1900,false,ask,100.04,1\n"
                           "binance,BTCUSDT,3000,2900,false,ask,100.03,1\n"
                           "binance,BTCUSDT,4000,3900,true,bid,101.00,1\n"
                           "binance,BTCUSDT,4000,3900,true,ask,100.50,1\n"
                           "binance,BTCUSDT,5000,4900,false,bid,99.99,7\n";
  const test::TempDir dir;
  TardisBookReader reader(dir.write("book.csv", text),
                          options(EventClock::kExchange, OnBadRow::kSkip));
  const std::vector<MarketEvent> events = test::read_all(reader);
  const std::vector<MarketEvent> expected{
      clear(1000, 900),
      level(1000, 900, Side::kBid, 10000, 100000000),
      level(1000, 900, Side::kAsk, 10002, 200000000),
      level(3000, 2900, Side::kAsk, 10003, 100000000),
      level(5000, 4900, Side::kBid, 9999, 700000000),
  };
  CHECK(events == expected);
  BadRowCounts counts;
  counts.crossed_book = 2;
  counts.dropped_rows = 5;
  CHECK(reader.bad_rows() == counts);
  CHECK(*reader.book().best_bid() == 10000);
  CHECK(*reader.book().best_ask() == 10002);
  CHECK(reader.book().depth(Side::kAsk) == 2);
  CHECK(reader.book().depth(Side::kBid) == 2);
}

TEST_CASE("TardisBookReader: unusable units are refused", "[replay]") {
  const test::TempDir dir;
  const std::string path = dir.write("book.csv", kHeader);
  CHECK_THROWS_AS(
      TardisBookReader(path, TardisOptions{{0.01, 0.0}, EventClock::kExchange, OnBadRow::kError}),
      std::invalid_argument);
}
