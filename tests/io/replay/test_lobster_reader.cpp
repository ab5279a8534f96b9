#include <catch2/catch.hpp>

#include "replay_fixtures.hpp"
#include "sim/io/replay/lobster_reader.hpp"

using namespace lmsim;
using namespace lmsim::sim::replay;
using engine::Side;
using K = MarketEvent::Kind;

namespace {

const std::string kAmzn = "AMZN_2012-06-21_34200000_57600000_";
// 2012-06-21 00:00 EDT in UTC nanoseconds.
constexpr engine::Nanos kMidnight = 1340251200LL * 1'000'000'000;

std::vector<MarketEvent> read_lobster(const std::string& messages, const std::string& book,
                                      const LobsterOptions& options = {}) {
  LobsterReader reader(messages, book, options);
  return test::read_all(reader);
}

std::int64_t count_kind(const std::vector<MarketEvent>& events, K kind) {
  return std::count_if(events.begin(), events.end(),
                       [&](const MarketEvent& e) { return e.kind == kind; });
}

// A level-2 pair with one of everything: a dummy-padded book, a visible and a hidden
// execution, two rows at one time, a deletion. Names follow LOBSTER's, so the date is found.
const std::string kMessages =
    "34200.000000001,1,1,100,1000000,1\n"
    "34200.5,1,2,50,1000100,-1\n"
    "34201,4,2,20,1000100,-1\n"
    "34201,5,0,7,1000000,1\n"
    "34202,3,1,100,1000000,1\n";
const std::string kBook =
    "9999999999,0,1000000,100,9999999999,0,-9999999999,0\n"
    "1000100,50,1000000,100,9999999999,0,-9999999999,0\n"
    "1000100,30,1000000,100,9999999999,0,-9999999999,0\n"
    "1000100,30,1000000,100,9999999999,0,-9999999999,0\n"
    "1000100,30,-9999999999,0,9999999999,0,-9999999999,0\n";
const std::string kMessageName = "TEST_2012-06-21_34200000_57600000_message_2.csv";
const std::string kBookName = "TEST_2012-06-21_34200000_57600000_orderbook_2.csv";

engine::Nanos at(engine::Nanos seconds, engine::Nanos nanos = 0) {
  return kMidnight + seconds * 1'000'000'000 + nanos;
}

MarketEvent event(engine::Nanos time, K kind, Side side, Ticks price, Lots quantity) {
  return MarketEvent{time, time, kind, side, price, quantity};
}

const std::vector<MarketEvent> kExpected{
    event(at(34200, 1), K::kClear, Side::kBid, 0, 0),
    event(at(34200, 1), K::kLevel, Side::kBid, 10000, 100),
    event(at(34200, 500'000'000), K::kLevel, Side::kAsk, 10001, 50),
    event(at(34201), K::kTrade, Side::kBid, 10001, 20),  // executed a sell order: buyer-initiated
    event(at(34201), K::kLevel, Side::kAsk, 10001, 30),
    event(at(34201), K::kTrade, Side::kAsk, 10000, 7),  // hidden, against a buy: no book change
    event(at(34202), K::kLevel, Side::kBid, 10000, 0),
};

struct Fixture {
  test::TempDir dir;
  std::string messages;
  std::string book;

  Fixture(const std::string& message_text, const std::string& book_text)
      : messages(dir.write(kMessageName, message_text)), book(dir.write(kBookName, book_text)) {}

  std::vector<MarketEvent> read(OnBadRow policy = OnBadRow::kError,
                                BadRowCounts* counts = nullptr) const {
    LobsterOptions options;
    options.on_bad_row = policy;
    LobsterReader reader(messages, book, options);
    std::vector<MarketEvent> events = test::read_all(reader);
    if (counts != nullptr) *counts = reader.bad_rows();
    return events;
  }
  std::string error() const {
    return test::error_of([&] { read(); });
  }
};

// The fixture with line `line` (1-based) of the message or orderbook text replaced.
std::string replace_line(const std::string& text, int line, const std::string& replacement) {
  std::string result;
  std::size_t start = 0;
  for (int i = 1; start < text.size(); ++i) {
    const std::size_t end = text.find('\n', start);
    result += i == line ? replacement : text.substr(start, end - start);
    result += '\n';
    start = end + 1;
  }
  return result;
}

}  // namespace

TEST_CASE("LobsterReader: AMZN level-1 excerpt against independently computed values", "[replay]") {
  // Expected values: tests/data/replay/expected_values.py.
  LobsterReader reader(test::replay_data(kAmzn + "message_1.csv"),
                       test::replay_data(kAmzn + "orderbook_1.csv"));
  CHECK(reader.levels() == 1);
  CHECK(reader.midnight() == kMidnight);
  const std::vector<MarketEvent> events = test::read_all(reader);
  CHECK(events.size() == 3589);
  CHECK(count_kind(events, K::kClear) == 1);
  CHECK(count_kind(events, K::kTrade) == 537);
  CHECK(std::count_if(events.begin(), events.end(), [](const MarketEvent& e) {
          return e.kind == K::kTrade && e.side == Side::kBid;
        }) == 291);
  CHECK(reader.omitted_sub_tick_trades() == 2);
  CHECK(reader.bad_rows() == BadRowCounts{});

  // 34200.017459617 s after midnight EDT = 2012-06-21T13:30:00.017459617Z, a hidden execution
  // of 1 share at $223.82 against a sell order.
  REQUIRE(events.size() >= 4);
  CHECK(events[0] == event(1340285400017459617, K::kClear, Side::kBid, 0, 0));
  CHECK(events[1] == event(1340285400017459617, K::kTrade, Side::kBid, 22382, 1));
  CHECK(events[2] == event(1340285400017459617, K::kLevel, Side::kBid, 22318, 100));
  CHECK(events[3] == event(1340285400017459617, K::kLevel, Side::kAsk, 22395, 100));
  CHECK(events.back().time == 1340286157487159401);

  const auto tops = test::tops_after_groups(events, EventClock::kExchange);
  CHECK(tops.front().bid + tops.front().ask == 44713);  // mid $223.565
  CHECK(tops.front().ask - tops.front().bid == 77);
  CHECK(tops.back().bid + tops.back().ask == 44785);  // mid $223.925
  CHECK(tops.back().ask - tops.back().bid == 35);
  for (const auto& top : tops) CHECK(top.bid < top.ask);
}

TEST_CASE("LobsterReader: AMZN level-5 excerpt (gzip) rebuilds every orderbook row", "[replay]") {
  const std::vector<MarketEvent> events =
      read_lobster(test::replay_data(kAmzn + "message_5.csv.gz"),
                   test::replay_data(kAmzn + "orderbook_5.csv.gz"));
  CHECK(events.size() == 9052);
  CHECK(count_kind(events, K::kTrade) == 543);
  const auto tops = test::tops_after_groups(events, EventClock::kExchange);
  CHECK(tops.front().bid == 22318);
  CHECK(tops.front().ask == 22395);
  CHECK(tops.back().bid == 22360);
  CHECK(tops.back().ask == 22382);
  CHECK(events.back().time == 1340286222008530751);

  // Applying the events must give back exactly the five levels of each recorded row; check the
  // depth of the book after the last event against the last row (5 levels each side).
  test::ReferenceBook book;
  for (const MarketEvent& e : events) book.apply(e);
  CHECK(book.bid_levels() == 5);
  CHECK(book.ask_levels() == 5);
}

TEST_CASE("LobsterReader: gzip and plain files give the same stream", "[replay]") {
  const test::TempDir dir;
  const std::string messages = dir.file(kAmzn + "message_1.csv.gz");
  const std::string book = dir.file(kAmzn + "orderbook_1.csv.gz");
  test::copy_gzip(test::replay_data(kAmzn + "message_1.csv"), messages, true);
  test::copy_gzip(test::replay_data(kAmzn + "orderbook_1.csv"), book, true);
  CHECK(read_lobster(messages, book) == read_lobster(test::replay_data(kAmzn + "message_1.csv"),
                                                     test::replay_data(kAmzn + "orderbook_1.csv")));
}

TEST_CASE("LobsterReader: the trading date comes from the file name or the options", "[replay]") {
  const test::TempDir dir;
  const std::string messages = dir.write("messages.csv", kMessages);
  const std::string book = dir.write("book.csv", kBook);
  CHECK(test::error_of([&] { read_lobster(messages, book); }) ==
        "messages.csv: cannot tell the trading date from the file name (expected "
        "TICKER_YYYY-MM-DD_..., as LOBSTER names its files); give the date explicitly");
  LobsterOptions options;
  options.trading_date = "2012-06-21";
  CHECK(read_lobster(messages, book, options) == kExpected);

  // Under EST (UTC−5) the same local times are one hour later in UTC.
  options.utc_offset = -5 * engine::kNanosPerHour;
  const std::vector<MarketEvent> winter = read_lobster(messages, book, options);
  REQUIRE(winter.size() == kExpected.size());
  CHECK(winter[0].time == kExpected[0].time + engine::kNanosPerHour);

  options.trading_date = "21/06/2012";
  CHECK_THROWS_WITH(read_lobster(messages, book, options),
                    "trading_date must be YYYY-MM-DD (got \"21/06/2012\")");
}

TEST_CASE("LobsterReader: dummy levels, hidden executions and same-time rows", "[replay]") {
  const Fixture fixture(kMessages, kBook);
  CHECK(fixture.read() == kExpected);
}

TEST_CASE("LobsterReader: hidden executions between ticks are left out, or bad rows on request",
          "[replay]") {
  // Real row 580 of the AMZN excerpt: 63 shares at $223.795, inside a one-cent spread.
  const Fixture fixture(kMessages + "34203,5,0,63,1000050,1\n",
                        kBook + "1000100,30,-9999999999,0,9999999999,0,-9999999999,0\n");
  LobsterReader reader(fixture.messages, fixture.book);
  CHECK(test::read_all(reader) == kExpected);
  CHECK(reader.omitted_sub_tick_trades() == 1);
  CHECK(reader.bad_rows() == BadRowCounts{});

  LobsterOptions strict;
  strict.sub_tick_hidden_trades = SubTickTrades::kBadRow;
  CHECK(test::error_of([&] { read_lobster(fixture.messages, fixture.book, strict); }) ==
        kMessageName +
            ":6:14: price: 1000050 is not a whole number of ticks (tick_size 0.01, which is 100 "
            "in this file's units)");
  // A visible execution between ticks is always bad: it would have rested on a visible level.
  const Fixture visible(kMessages + "34203,4,9,63,1000050,1\n",
                        kBook + "1000100,30,-9999999999,0,9999999999,0,-9999999999,0\n");
  CHECK(visible.error() == kMessageName +
                               ":6:14: price: 1000050 is not a whole number of ticks (tick_size "
                               "0.01, which is 100 in this file's units)");
  // A finer tick names the midpoint exactly.
  LobsterOptions half_cent;
  half_cent.units.tick_size = 0.005;
  const std::vector<MarketEvent> events = read_lobster(fixture.messages, fixture.book, half_cent);
  CHECK(events.back() == event(at(34203), K::kTrade, Side::kAsk, 20001, 63));
}

TEST_CASE("LobsterReader: the level count comes from the file name, else the first row",
          "[replay]") {
  const test::TempDir dir;
  const std::string messages = dir.write("TEST_2012-06-21_message.csv", kMessages);
  const std::string book = dir.write("TEST_2012-06-21_book.csv", kBook);
  LobsterReader reader(messages, book);
  CHECK(reader.levels() == 2);
  CHECK(test::read_all(reader) == kExpected);
  const std::string odd = dir.write("TEST_2012-06-21_odd.csv", "1,2,3\n");
  CHECK(test::error_of([&] { LobsterReader bad(messages, odd); }) ==
        "TEST_2012-06-21_odd.csv:1: expected 4 fields per level (ask price, ask size, bid price, "
        "bid size; got 3 fields)");
}

TEST_CASE("LobsterReader: trading halts produce no event and are listed", "[replay]") {
  // A midpoint execution just before the halt, then halt, quoting, resume.
  const std::string halt_book = "1000100,30,-9999999999,0,9999999999,0,-9999999999,0\n";
  const Fixture fixture(kMessages +
                            "34202.5,5,0,10,1000050,1\n34203,7,0,0,-1,-1\n"
                            "34204,7,0,0,0,-1\n34205,7,0,0,1,-1\n",
                        kBook + halt_book + halt_book + halt_book + halt_book);
  LobsterReader reader(fixture.messages, fixture.book);
  CHECK(test::read_all(reader) == kExpected);
  CHECK(reader.omitted_sub_tick_trades() == 1);
  using S = TradingStatusChange::Status;
  CHECK(reader.trading_status_changes() ==
        std::vector<TradingStatusChange>{
            {at(34203), S::kHalted}, {at(34204), S::kQuoting}, {at(34205), S::kTrading}});
}

TEST_CASE("LobsterReader: bad rows are errors with file, line and column", "[replay]") {
  const auto message_error = [](int line, const std::string& row) {
    return Fixture(replace_line(kMessages, line, row), kBook).error();
  };
  const auto book_error = [](int line, const std::string& row) {
    return Fixture(kMessages, replace_line(kBook, line, row)).error();
  };
  const std::string m = kMessageName;
  const std::string b = kBookName;
  CHECK(message_error(2, "34200.5,1,2,50,1000100") == m + ":2: expected 6 fields (got 5)");
  CHECK(message_error(2, "34200.5000000001,1,2,50,1000100,-1") ==
        m + ":2:1: time: expected seconds after midnight with up to 9 decimals (got "
            "\"34200.5000000001\")");
  CHECK(message_error(2, "34200.5,6,2,50,1000100,-1") ==
        m + ":2:9: type: expected 1, 2, 3, 4, 5 or 7 (got \"6\")");
  CHECK(message_error(2, "34200.5,1,2,50,1000100,0") ==
        m + ":2:24: direction: expected -1 (sell limit order) or 1 (buy limit order) (got "
            "\"0\")");
  CHECK(message_error(2, "34200,1,2,50,1000100,-1") ==
        m + ":2:1: time: 2012-06-21T13:30:00Z is earlier than the previous row's "
            "2012-06-21T13:30:00.000000001Z (rows must be in time order)");
  CHECK(message_error(2, "34200.5,1,2,50,0,-1") == m + ":2:16: price: must be > 0 (got 0)");
  CHECK(message_error(2, "34200.5,1,2,50,1000150,-1") ==
        m + ":2:16: price: 1000150 is not a whole number of ticks (tick_size 0.01, which is "
            "100 in this file's units)");
  CHECK(message_error(2, "34200.5,1,2,-50,1000100,-1") ==
        m + ":2:13: size: must be >= 0 (got -50)");
  CHECK(message_error(2, "34200.5,1,2,0.5,1000100,-1") ==
        m + ":2:13: size: 0.5 is not a whole number of lots (lot_size 1)");
  CHECK(message_error(3, "34201,4,2,0,1000100,-1") == m + ":3:11: size: must be > 0 (got 0)");

  CHECK(book_error(2, "1000100,50,1000000,-100,9999999999,0,-9999999999,0") ==
        b + ":2:20: bid_size_1: must be >= 0 (got -100)");
  CHECK(book_error(2, "1000100,0,1000000,100,9999999999,0,-9999999999,0") ==
        b + ":2:9: ask_size_1: must be > 0 at an occupied level (got 0)");
  CHECK(book_error(2, "1000100,50,1000000,100,1000000,5,-9999999999,0") ==
        b + ":2:24: ask_price_2: ask prices must be strictly increasing from level 1 on (got "
            "1000000 after 1000100)");
  CHECK(book_error(2, "9999999999,0,1000000,100,1000100,5,-9999999999,0") ==
        b + ":2:26: ask_price_2: an occupied level after an empty one (levels are filled best "
            "first)");
  CHECK(book_error(2, "9999999999,3,1000000,100,9999999999,0,-9999999999,0") ==
        b + ":2:12: ask_size_1: expected 0 at an empty level (price 9999999999; got \"3\")");
  CHECK(book_error(2, "1000000,50,1000000,100,9999999999,0,-9999999999,0") ==
        b + ":2: crossed book after the update group at 2012-06-21T13:30:00.500Z (line 2): best "
            "bid 100 >= best ask 100");
  CHECK(book_error(2, "1000100,50,1000000,100") == b + ":2: expected 8 fields (got 4)");

  CHECK(Fixture(kMessages + "34203,1,3,1,1000000,1\n", kBook).error() ==
        m + ":6: the message file has a row 6 but the orderbook file ends at line 5 (row i of "
            "the two files describes one event)");
}

TEST_CASE("LobsterReader: under kSkip bad rows are dropped and counted", "[replay]") {
  const auto skip_message = [](int line, const std::string& row, BadRowCounts& counts) {
    return Fixture(replace_line(kMessages, line, row), kBook).read(OnBadRow::kSkip, &counts);
  };
  BadRowCounts counts;
  // Dropping message 2 (the ask's arrival) moves the ask's appearance to row 3, as an update
  // of the book from row 1 to row 3.
  std::vector<MarketEvent> events = skip_message(2, "34200.5,1,2,50,1000150,-1", counts);
  CHECK(counts.off_tick == 1);
  CHECK(counts.dropped_rows == 1);
  CHECK(counts.problems() == 1);
  REQUIRE(events.size() == kExpected.size() - 1);
  CHECK(events[2] == kExpected[3]);
  CHECK(events[3] == event(at(34201), K::kLevel, Side::kAsk, 10001, 30));

  skip_message(2, "34200.5,1,2,50,1000100", counts);
  CHECK(counts.unparsable == 1);
  skip_message(2, "34200,1,2,50,1000100,-1", counts);
  CHECK(counts.non_monotonic_time == 1);
  skip_message(2, "34200.5,1,2,50,-1,-1", counts);
  CHECK(counts.non_positive_price == 1);
  skip_message(3, "34201,4,2,0,1000100,-1", counts);
  CHECK(counts.non_positive_trade == 1);
  skip_message(2, "34200.5,1,2,0.5,1000100,-1", counts);
  CHECK(counts.off_lot == 1);
  skip_message(2, "34200.5,1,2,-50,1000100,-1", counts);
  CHECK(counts.negative_size == 1);

  // A crossed group is dropped whole: here the group at 34201 (two rows), after which the book
  // goes on from the state before it.
  const std::string crossed = "1000000,30,1000000,100,9999999999,0,-9999999999,0";
  events = Fixture(kMessages, replace_line(replace_line(kBook, 3, crossed), 4, crossed))
               .read(OnBadRow::kSkip, &counts);
  CHECK(counts.crossed_book == 1);
  CHECK(counts.dropped_rows == 2);
  CHECK(counts.problems() == 1);
  const std::vector<MarketEvent> expected{kExpected[0], kExpected[1], kExpected[2],
                                          event(at(34202), K::kLevel, Side::kBid, 10000, 0),
                                          event(at(34202), K::kLevel, Side::kAsk, 10001, 30)};
  CHECK(events == expected);

  // The first row dropped: the kClear comes with the first accepted row.
  events = Fixture(kMessages, replace_line(kBook, 1, "1,2,3")).read(OnBadRow::kSkip, &counts);
  CHECK(counts.unparsable == 1);
  REQUIRE(events.size() >= 2);
  CHECK(events[0] == event(at(34200, 500'000'000), K::kClear, Side::kBid, 0, 0));

  events =
      Fixture(kMessages, replace_line(kBook, 2, "1000100,50,1000000,100,1000000,5,-9999999999,0"))
          .read(OnBadRow::kSkip, &counts);
  CHECK(counts.unsorted_levels == 1);
}
