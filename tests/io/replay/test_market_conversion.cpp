// convert_to_market_file on the real excerpts: the market file replays exactly the stream the
// CSV readers give, whatever order the inputs come in; tardis types are told from headers; bad
// inputs are errors naming the file.
#include <catch2/catch.hpp>

#include "replay_fixtures.hpp"
#include "sim/io/replay/hdf5_market_reader.hpp"
#include "sim/io/replay/lobster_reader.hpp"
#include "sim/io/replay/market_conversion.hpp"
#include "sim/io/replay/merged_reader.hpp"
#include "sim/io/replay/sha256.hpp"
#include "sim/io/replay/tardis_book_reader.hpp"
#include "sim/io/replay/tardis_file_kind.hpp"
#include "sim/io/replay/tardis_snapshot_reader.hpp"
#include "sim/io/replay/tardis_trade_reader.hpp"

using namespace lmsim;
using namespace lmsim::sim::replay;
using test::replay_data;

namespace {

constexpr MarketUnits kBinance{0.01, 1e-8};
const std::string kAmzn1Messages = "AMZN_2012-06-21_34200000_57600000_message_1.csv";
const std::string kAmzn1Book = "AMZN_2012-06-21_34200000_57600000_orderbook_1.csv";
const std::string kAmzn5Messages = "AMZN_2012-06-21_34200000_57600000_message_5.csv.gz";
const std::string kAmzn5Book = "AMZN_2012-06-21_34200000_57600000_orderbook_5.csv.gz";
const std::string kBook = "BTCUSDT_incremental_book_L2.csv.gz";
const std::string kTrades = "BTCUSDT_trades.csv.gz";
const std::string kSnapshots = "BTCUSDT_book_snapshot_5.csv.gz";

ConversionOptions tardis_options(std::vector<std::string> names,
                                 EventClock clock = EventClock::kExchange) {
  ConversionOptions options;
  options.format = RecordedFormat::kTardis;
  for (const std::string& name : names) options.inputs.push_back(replay_data(name));
  options.units = kBinance;
  options.clock = clock;
  return options;
}

ConversionOptions lobster_options(const std::string& messages, const std::string& book) {
  ConversionOptions options;
  options.format = RecordedFormat::kLobster;
  options.inputs = {replay_data(messages), replay_data(book)};
  return options;
}

std::vector<MarketEvent> read_market(const std::string& path) {
  Hdf5MarketReader reader(path);
  return test::read_all(reader);
}

/// The merged stream of tardis excerpts read directly, books first.
std::vector<MarketEvent> read_tardis(const std::string& book, bool snapshot,
                                     const std::string& trades, EventClock clock) {
  const TardisOptions options{kBinance, clock, OnBadRow::kError};
  std::vector<std::unique_ptr<MarketEventReader>> inputs;
  if (snapshot) {
    inputs.push_back(std::make_unique<TardisSnapshotReader>(replay_data(book), options));
  } else {
    inputs.push_back(std::make_unique<TardisBookReader>(replay_data(book), options));
  }
  inputs.push_back(std::make_unique<TardisTradeReader>(replay_data(trades), options));
  MergedReader merged(std::move(inputs));
  return test::read_all(merged);
}

}  // namespace

TEST_CASE("detect_tardis_file_kind: the type comes from the header", "[replay][convert]") {
  CHECK(detect_tardis_file_kind(replay_data(kBook)) == TardisFileKind::kIncrementalBookL2);
  CHECK(detect_tardis_file_kind(replay_data(kSnapshots)) == TardisFileKind::kBookSnapshot);
  CHECK(detect_tardis_file_kind(replay_data(kTrades)) == TardisFileKind::kTrades);
  CHECK(tardis_file_kind_name(TardisFileKind::kBookSnapshot) == "book_snapshot_N");
  const test::TempDir dir;
  // A misleading name does not matter.
  const std::string renamed = dir.file("BTCUSDT_trades_renamed.csv.gz");
  std::filesystem::copy_file(replay_data(kBook), renamed);
  CHECK(detect_tardis_file_kind(renamed) == TardisFileKind::kIncrementalBookL2);
  CHECK(
      test::error_of([&] { detect_tardis_file_kind(dir.write("x.csv", "\n\na,b,c\n1,2,3\n")); }) ==
      "x.csv:3: not a tardis.dev incremental_book_L2, book_snapshot_N or trades file: the "
      "header has none of the columns is_snapshot, asks[0].price, id");
  CHECK(test::error_of([&] { detect_tardis_file_kind(dir.write("e.csv", "")); }) ==
        "e.csv: empty file (expected a tardis.dev CSV file with a header row)");
  CHECK(test::error_of([&] { detect_tardis_file_kind(dir.write("q.csv", "\"id,side\n")); }) ==
        "q.csv:1:1: unterminated quoted field (quoted fields may not span lines)");
  CHECK(test::error_of([&] { detect_tardis_file_kind(dir.file("none.csv")); }) ==
        "none.csv: cannot open file: No such file or directory");
}

TEST_CASE("convert_to_market_file: LOBSTER replays exactly as the CSV pair", "[replay][convert]") {
  const test::TempDir dir;
  for (const auto& [messages, book] :
       {std::pair{kAmzn1Messages, kAmzn1Book}, std::pair{kAmzn5Messages, kAmzn5Book}}) {
    CAPTURE(messages);
    const std::string out = dir.file(messages + ".h5");
    const MarketFileInfo info = convert_to_market_file(lobster_options(messages, book), out);
    LobsterOptions direct_options;
    LobsterReader direct(replay_data(messages), replay_data(book), direct_options);
    const std::vector<MarketEvent> expected = test::read_all(direct);
    CHECK(read_market(out) == expected);

    CHECK(info.source_format == "lobster");
    CHECK(info.symbol == "AMZN");
    CHECK(info.exchange.empty());
    CHECK(info.units.tick_size == 0.01);
    CHECK(info.units.lot_size == 1.0);
    CHECK(info.events.total() == static_cast<std::int64_t>(expected.size()));
    CHECK(info.first_time == expected.front().time);
    CHECK(info.inputs ==
          std::vector<MarketFileInput>{{messages, sha256_file_hex(replay_data(messages))},
                                       {book, sha256_file_hex(replay_data(book))}});
    REQUIRE(info.lobster);
    CHECK(info.lobster->trading_date == "2012-06-21");
    CHECK(info.lobster->utc_offset == -4 * engine::kNanosPerHour);
    CHECK(info.lobster->levels == (messages == kAmzn1Messages ? 1 : 5));
    CHECK(info.lobster->omitted_sub_tick_trades == direct.omitted_sub_tick_trades());
    CHECK(Hdf5MarketReader(out).info() == info);
  }
  // Values from tests/data/replay/expected_values.py.
  const std::string out = dir.file(kAmzn1Messages + ".h5");
  const MarketFileInfo info = Hdf5MarketReader(out).info();
  CHECK(info.events == MarketEventCounts{1, 3051, 537});
  CHECK(info.lobster->omitted_sub_tick_trades == 2);
}

TEST_CASE("convert_to_market_file: LOBSTER files are paired by name, else by order",
          "[replay][convert]") {
  const test::TempDir dir;
  // Given the other way round, the names say which is which: the same file.
  convert_to_market_file(lobster_options(kAmzn1Messages, kAmzn1Book), dir.file("a.h5"));
  convert_to_market_file(lobster_options(kAmzn1Book, kAmzn1Messages), dir.file("b.h5"));
  CHECK(test::read_file(dir.file("a.h5")) == test::read_file(dir.file("b.h5")));

  // Without LOBSTER's names, message file first; the date and offset must then be given.
  const std::string messages = dir.file("m.csv");
  const std::string book = dir.file("b.csv");
  std::filesystem::copy_file(replay_data(kAmzn1Messages), messages);
  std::filesystem::copy_file(replay_data(kAmzn1Book), book);
  ConversionOptions options;
  options.inputs = {messages, book};
  options.trading_date = "2012-06-21";
  options.utc_offset = -5 * engine::kNanosPerHour;  // pretend EST: one hour later in UTC
  const MarketFileInfo info = convert_to_market_file(options, dir.file("c.h5"));
  CHECK(info.symbol.empty());
  CHECK(info.lobster->utc_offset == -5 * engine::kNanosPerHour);
  const std::vector<MarketEvent> shifted = read_market(dir.file("c.h5"));
  const std::vector<MarketEvent> original = read_market(dir.file("a.h5"));
  REQUIRE(shifted.size() == original.size());
  CHECK(shifted.front().time == original.front().time + engine::kNanosPerHour);

  CHECK(test::error_of([&] {
          ConversionOptions three = lobster_options(kAmzn1Messages, kAmzn1Book);
          three.inputs.push_back(replay_data(kAmzn5Book));
          convert_to_market_file(three, dir.file("d.h5"));
        }) ==
        "LOBSTER data is a message file and its orderbook file: give exactly those two (got 3 "
        "files)");
  CHECK(test::error_of([&] {
          convert_to_market_file(lobster_options(kAmzn1Messages, kAmzn5Messages), dir.file("d.h5"));
        }) == kAmzn5Messages + ": a second LOBSTER message file besides " + kAmzn1Messages +
                  " (expected a message file and its orderbook file)");
  CHECK(test::error_of([&] {
          convert_to_market_file(lobster_options(kAmzn1Messages, kAmzn5Book), dir.file("d.h5"));
        }) == kAmzn5Book + ": not the orderbook file of " + kAmzn1Messages +
                  " (LOBSTER names a pair TICKER_DATE_START_END_message_N.csv and "
                  "TICKER_DATE_START_END_orderbook_N.csv)");
  CHECK(test::error_of([&] {
          ConversionOptions same;
          same.inputs = {messages, messages};
          same.trading_date = "2012-06-21";
          convert_to_market_file(same, dir.file("d.h5"));
        }) == "m.csv: given twice (also as \"" + messages + "\")");
}

TEST_CASE("convert_to_market_file: tardis book + trades replay exactly as the merged CSVs",
          "[replay][convert]") {
  const test::TempDir dir;
  for (const EventClock clock : {EventClock::kExchange, EventClock::kLocal}) {
    CAPTURE(event_clock_name(clock));
    const std::string out = dir.file(std::string(event_clock_name(clock)) + ".h5");
    const MarketFileInfo info =
        convert_to_market_file(tardis_options({kBook, kTrades}, clock), out);
    const std::vector<MarketEvent> expected = read_tardis(kBook, false, kTrades, clock);
    CHECK(read_market(out) == expected);
    CHECK(info.clock == clock);
    CHECK(info.exchange == "binance");
    CHECK(info.symbol == "BTCUSDT");
    CHECK(info.source_format == "tardis");
    CHECK(info.events == MarketEventCounts{1, 6450, 283});
    CHECK(info.first_time == time_on(expected.front(), clock));
    CHECK(info.last_time == time_on(expected.back(), clock));
    CHECK_FALSE(info.lobster);
    CHECK(info.inputs.size() == 2);
    CHECK(info.inputs[0].name == kBook);
    CHECK(info.inputs[1].name == kTrades);
  }
  SECTION("snapshots and trades") {
    const std::string out = dir.file("top5.h5");
    convert_to_market_file(tardis_options({kTrades, kSnapshots}), out);
    CHECK(read_market(out) == read_tardis(kSnapshots, true, kTrades, EventClock::kExchange));
  }
  SECTION("the order of the inputs does not matter: books first, then trades") {
    convert_to_market_file(tardis_options({kBook, kTrades}), dir.file("a.h5"));
    convert_to_market_file(tardis_options({kTrades, kBook}), dir.file("b.h5"));
    CHECK(test::read_file(dir.file("a.h5")) == test::read_file(dir.file("b.h5")));
  }
}

TEST_CASE("convert_to_market_file: tardis files must be of one market", "[replay][convert]") {
  const test::TempDir dir;
  const std::string eth =
      dir.write("ETHUSDT_trades.csv",
                "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n"
                "binance,ETHUSDT,1723161255342000,1723161254087896,1,sell,2600.01,1\n");
  ConversionOptions options = tardis_options({kBook});
  options.inputs.push_back(eth);
  CHECK(test::error_of([&] { convert_to_market_file(options, dir.file("m.h5")); }) ==
        "ETHUSDT_trades.csv: symbol \"ETHUSDT\" differs from \"BTCUSDT\" in " + kBook +
            " (a market file holds one market)");
  const std::string other =
      dir.write("okx_trades.csv",
                "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n"
                "okx,BTCUSDT,1723161255342000,1723161254087896,1,sell,2600.01,1\n");
  options.inputs.back() = other;
  CHECK(test::error_of([&] { convert_to_market_file(options, dir.file("m.h5")); }) ==
        "okx_trades.csv: exchange \"okx\" differs from \"binance\" in " + kBook +
            " (a market file holds one market)");
}

TEST_CASE("convert_to_market_file: bad rows stop the conversion or are skipped and counted",
          "[replay][convert]") {
  const test::TempDir dir;
  const std::string trades =
      dir.write("trades.csv",
                "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n"
                "binance,BTCUSDT,1000,900,1,sell,100.00,1\n"
                "binance,BTCUSDT,2000,1900,2,sell,100.001,1\n"
                "binance,BTCUSDT,3000,2900,3,unknown,100.00,1\n"
                "binance,BTCUSDT,4000,3900,4,buy,100.01,2\n");
  ConversionOptions options = tardis_options({});
  options.inputs = {trades};
  CHECK(test::error_of([&] { convert_to_market_file(options, dir.file("m.h5")); }) ==
        "trades.csv:3:34: price: 100.001 is not a whole number of ticks (tick_size 0.01)");
  options.on_bad_row = OnBadRow::kSkip;
  const MarketFileInfo info = convert_to_market_file(options, dir.file("m.h5"));
  BadRowCounts expected;
  expected.off_tick = 1;
  expected.unknown_aggressor = 1;
  expected.dropped_rows = 2;
  CHECK(info.bad_rows == expected);
  CHECK(info.on_bad_row == OnBadRow::kSkip);
  CHECK(info.events == MarketEventCounts{0, 0, 2});
  const Hdf5MarketReader reader(dir.file("m.h5"));
  CHECK(reader.info().bad_rows == expected);
}
