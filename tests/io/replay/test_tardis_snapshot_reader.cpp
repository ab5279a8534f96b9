#include <catch2/catch.hpp>

#include "replay_fixtures.hpp"
#include "sim/io/replay/tardis_book_reader.hpp"
#include "sim/io/replay/tardis_snapshot_reader.hpp"

using namespace lmsim;
using namespace lmsim::sim::replay;
using engine::Side;
using K = MarketEvent::Kind;

namespace {

constexpr MarketUnits kBinance{0.01, 1e-8};
const std::string kHeader2 =
    "exchange,symbol,timestamp,local_timestamp,asks[0].price,asks[0].amount,bids[0].price,"
    "bids[0].amount,asks[1].price,asks[1].amount,bids[1].price,bids[1].amount\n";

TardisOptions options(OnBadRow policy = OnBadRow::kError) {
  return TardisOptions{kBinance, EventClock::kExchange, policy};
}

MarketEvent level(engine::Nanos us, Side side, Ticks price, Lots quantity) {
  return MarketEvent{us * 1000, us * 1000 - 100'000, K::kLevel, side, price, quantity};
}

// Three rows of a top-2 book (local time 100 µs behind): the second moves the touch, the
// third has one bid level only.
const std::string kRow2 = "binance,BTCUSDT,1000,900,100.02,1,100.00,2,100.03,3,99.99,4";
const std::string kRow3 = "binance,BTCUSDT,2000,1900,100.01,5,100.00,2,100.02,1,99.99,4";
const std::string kRow4 = "binance,BTCUSDT,3000,2900,100.01,5,99.99,4,100.02,1,,";
const std::vector<MarketEvent> kEvents{
    MarketEvent{1000000, 900000, K::kClear, Side::kBid, 0, 0},
    level(1000, Side::kBid, 10000, 200000000),
    level(1000, Side::kBid, 9999, 400000000),
    level(1000, Side::kAsk, 10002, 100000000),
    level(1000, Side::kAsk, 10003, 300000000),
    // Row 3: the ask at 100.03 leaves the top 2 (removed: deeper depth is unknown).
    level(2000, Side::kAsk, 10003, 0),
    level(2000, Side::kAsk, 10001, 500000000),
    // Row 4: the bid at 100.00 goes; 99.99 becomes the only level.
    level(3000, Side::kBid, 10000, 0),
};

std::string file_with(const std::string& row3) {
  return kHeader2 + kRow2 + "\n" + row3 + "\n" + kRow4 + "\n";
}

using Result = test::ReadResult;

Result read_text(const std::string& text, OnBadRow policy = OnBadRow::kError) {
  return test::read_text_as<TardisSnapshotReader>("snap.csv", text, options(policy));
}

std::string error_text(const std::string& text) {
  return test::error_of([&] { read_text(text); });
}

}  // namespace

TEST_CASE("TardisSnapshotReader: a complete top-N row per line becomes level changes", "[replay]") {
  CHECK(read_text(file_with(kRow3)).events == kEvents);
}

TEST_CASE("TardisSnapshotReader: derived book_snapshot_5 excerpt matches the incremental book",
          "[replay]") {
  // Expected values: tests/data/replay/expected_values.py.
  TardisSnapshotReader reader(test::replay_data("BTCUSDT_book_snapshot_5.csv.gz"), options());
  CHECK(reader.levels() == 5);
  const std::vector<MarketEvent> events = test::read_all(reader);
  CHECK(events.size() == 760);
  const auto tops = test::tops_after_groups(events, EventClock::kExchange);
  CHECK(tops.size() == 129);
  CHECK(tops.front().bid == 6183763);
  CHECK(tops.front().ask == 6183764);
  CHECK(tops.back().bid == 6183309);
  CHECK(tops.back().ask == 6183310);

  // After each snapshot row, the 5-level book from these events is the top 5 of the full book
  // rebuilt from incremental_book_L2 at the same instant.
  TardisBookReader full(test::replay_data("BTCUSDT_incremental_book_L2.csv.gz"), options());
  const std::vector<MarketEvent> full_events = test::read_all(full);
  test::ReferenceBook top5;
  test::ReferenceBook book;
  std::size_t j = 0;
  std::size_t compared = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    top5.apply(events[i]);
    if (i + 1 < events.size() && events[i + 1].time == events[i].time) continue;
    while (j < full_events.size() && full_events[j].time <= events[i].time)
      book.apply(full_events[j++]);
    CHECK(top5.top(5) == book.top(5));
    ++compared;
  }
  CHECK(compared == 129);
}

TEST_CASE("TardisSnapshotReader: header and row problems", "[replay]") {
  CHECK(error_text("exchange,symbol,timestamp,local_timestamp,asks[0].price\n") ==
        "snap.csv:1: expected a book_snapshot header with 4 + 4×N columns "
        "(exchange,symbol,timestamp,local_timestamp,asks[0].price,asks[0].amount,bids[0].price,"
        "bids[0].amount,asks[1].price,asks[1].amount,bids[1].price,bids[1].amount,...; got 5 "
        "columns)");
  CHECK(error_text("exchange,symbol,timestamp,local_timestamp,bids[0].price,bids[0].amount,"
                   "asks[0].price,asks[0].amount\n")
            .starts_with("snap.csv:1:43: expected column \"asks[0].price\" (got "
                         "\"bids[0].price\"; header "));
  CHECK(error_text(file_with("binance,BTCUSDT,2000,1900,100.01,5,100.00,2,100.00,1,99.99,4")) ==
        "snap.csv:3:45: asks[1].price: asks must be strictly increasing from best to worst (got "
        "100.00 after 100.01)");
  CHECK(error_text(file_with("binance,BTCUSDT,2000,1900,100.01,5,,,100.02,1,99.99,4")) ==
        "snap.csv:3:47: bids[1].price: a level after an empty one (levels are filled best "
        "first)");
  CHECK(error_text(file_with("binance,BTCUSDT,2000,1900,100.01,5,100.00,,100.02,1,99.99,4")) ==
        "snap.csv:3:43: bids[0].amount: empty, but its level's price is not (a missing level "
        "leaves both empty)");
  CHECK(error_text(file_with("binance,BTCUSDT,2000,1900,100.01,0,100.00,2,100.02,1,99.99,4")) ==
        "snap.csv:3:34: asks[0].amount: must be > 0 at an occupied level (got 0)");
  CHECK(error_text(file_with("binance,BTCUSDT,2000,1900,100.01,5,100.01,2,100.02,1,99.99,4")) ==
        "snap.csv:3: crossed book after the update group at 1970-01-01T00:00:00.002Z (line 3): "
        "best bid 100.01 >= best ask 100.01");
  CHECK(error_text(file_with("binance,BTCUSDT,2000,1900,100.01,5,100.00,2")) ==
        "snap.csv:3: expected 12 fields as in the header (got 8)");
}

TEST_CASE(
    "TardisSnapshotReader: under kSkip a bad row is dropped and the next row diffed "
    "against the last good one",
    "[replay]") {
  const Result result = read_text(
      file_with("binance,BTCUSDT,2000,1900,100.01,5,100.01,2,100.02,1,99.99,4"), OnBadRow::kSkip);
  BadRowCounts counts;
  counts.crossed_book = 1;
  counts.dropped_rows = 1;
  CHECK(result.counts == counts);
  // Row 4 against row 2.
  const std::vector<MarketEvent> expected{
      kEvents[0],
      kEvents[1],
      kEvents[2],
      kEvents[3],
      kEvents[4],
      level(3000, Side::kBid, 10000, 0),
      level(3000, Side::kAsk, 10003, 0),
      level(3000, Side::kAsk, 10001, 500000000),
  };
  CHECK(result.events == expected);

  const Result unsorted = read_text(
      file_with("binance,BTCUSDT,2000,1900,100.01,5,100.00,2,100.00,1,99.99,4"), OnBadRow::kSkip);
  CHECK(unsorted.counts.unsorted_levels == 1);
  CHECK(unsorted.events == expected);
}
