// `lmsim convert` end to end: real excerpts converted and replayed, byte-identical output, the
// atomic-output rules, and every class of bad option or input, each with its exit status and
// exact message. Inputs are copied into a temporary working directory so that messages name
// them without a machine-dependent path.
#include <catch2/catch.hpp>
#include <filesystem>

#include "engine/version.hpp"
#include "io/replay/replay_fixtures.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/replay/hdf5_market_reader.hpp"
#include "sim/io/replay/lobster_reader.hpp"
#include "sim/io/replay/merged_reader.hpp"
#include "sim/io/replay/tardis_book_reader.hpp"
#include "sim/io/replay/tardis_trade_reader.hpp"
#include "support/run_command.hpp"

using namespace lmsim;
using namespace lmsim::sim::replay;
using test::CommandResult;
using test::run_lmsim;

namespace {

const std::string kMessages = "AMZN_2012-06-21_34200000_57600000_message_1.csv";
const std::string kOrderbook = "AMZN_2012-06-21_34200000_57600000_orderbook_1.csv";
const std::string kBook = "BTCUSDT_incremental_book_L2.csv.gz";
const std::string kTrades = "BTCUSDT_trades.csv.gz";

/// A working directory holding copies of the excerpts.
class Workspace {
 public:
  Workspace() {
    for (const std::string& name : {kMessages, kOrderbook, kBook, kTrades})
      std::filesystem::copy_file(test::replay_data(name), dir_.file(name));
  }
  CommandResult run(std::vector<std::string> args) const {
    args.insert(args.begin(), "convert");
    return run_lmsim(args, dir_.path().string());
  }
  std::string file(const std::string& name) const { return dir_.file(name); }
  std::string write(const std::string& name, const std::string& content) const {
    return dir_.write(name, content);
  }
  /// The names in the directory (to see that nothing was left behind).
  std::vector<std::string> listing() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path()))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  test::TempDir dir_;
};

std::vector<std::string> tardis_args(const std::string& out) {
  return {"--from", "tardis",     kBook,  kTrades, "--tick-size",
          "0.01",   "--lot-size", "1e-8", "-o",    out};
}
std::vector<std::string> lobster_args(const std::string& out) {
  return {"--from", "lobster", kMessages, kOrderbook, "-o", out};
}
std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

/// Checks that the command failed with status 2 and printed exactly `message`, nothing else.
void check_error(const CommandResult& result, const std::string& message) {
  CHECK(result.exit_code == 2);
  CHECK(result.err == "lmsim: error: " + message + "\n");
  CHECK(result.out.empty());
}

const std::string kTardisSummary =
    "wrote m.h5: 6734 events (1 clear, 6450 level, 283 trade) from 2024-08-08T23:54:14.206652Z "
    "to 2024-08-08T23:54:30.215Z on the exchange clock; bad rows skipped: none\n";

}  // namespace

TEST_CASE("lmsim convert: --help explains every option", "[cli][convert]") {
  const Workspace work;
  const CommandResult result = work.run({"--help"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  for (const char* text :
       {"usage: lmsim convert --from lobster|tardis IN... -o MARKET.h5", "--from", "--output",
        "--tick-size", "--lot-size", "--clock", "--date", "--utc-offset", "--on-bad-row", "--force",
        "Examples:", "--from tardis BTCUSDT_incremental_book_L2.csv.gz"}) {
    CAPTURE(text);
    CHECK(result.out.find(text) != std::string::npos);
  }
  CHECK(run_lmsim({"--help"}).out.find("convert ") != std::string::npos);
}

TEST_CASE("lmsim convert: LOBSTER converts and replays as the CSV pair", "[cli][convert]") {
  const Workspace work;
  const CommandResult result = work.run(lobster_args("out/amzn.h5"));
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out ==
        "wrote out/amzn.h5: 3589 events (1 clear, 3051 level, 537 trade) from "
        "2012-06-21T13:30:00.017459617Z to 2012-06-21T13:42:37.487159401Z on the exchange "
        "clock; bad rows skipped: none; hidden trades between ticks omitted: 2\n");
  CHECK(result.err.empty());
  LobsterReader direct(work.file(kMessages), work.file(kOrderbook));
  Hdf5MarketReader market(work.file("out/amzn.h5"));
  CHECK(test::read_all(market) == test::read_all(direct));
  CHECK(market.info().symbol == "AMZN");
  CHECK(std::filesystem::directory_iterator(work.file("out"))->path().filename() == "amzn.h5");
}

TEST_CASE("lmsim convert: tardis book + trades convert byte-identically", "[cli][convert]") {
  const Workspace work;
  const CommandResult first = work.run(tardis_args("m.h5"));
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out == kTardisSummary);
  // Again, with the inputs in the other order and --clock spelled out: the same bytes.
  const CommandResult second =
      work.run({"--from", "tardis", kTrades, kBook, "--lot-size=1e-8", "--tick-size=0.01",
                "--clock", "exchange", "-o", "again.h5"});
  REQUIRE(second.exit_code == 0);
  CHECK(test::read_file(work.file("m.h5")) == test::read_file(work.file("again.h5")));

  const TardisOptions options{{0.01, 1e-8}, EventClock::kExchange, OnBadRow::kError};
  std::vector<std::unique_ptr<MarketEventReader>> inputs;
  inputs.push_back(std::make_unique<TardisBookReader>(work.file(kBook), options));
  inputs.push_back(std::make_unique<TardisTradeReader>(work.file(kTrades), options));
  MergedReader direct(std::move(inputs));
  Hdf5MarketReader market(work.file("m.h5"));
  CHECK(test::read_all(market) == test::read_all(direct));

  // The provenance a user checks with h5dump or h5py.
  const sim::io::Hdf5Reader file(work.file("m.h5"));
  CHECK(file.attribute<std::string>("/", "inputs") ==
        "8434fce8c88f20063119dce4dd9c2228ffdcf53535a404aab17bed21274b5f2b  " + kBook + "\n" +
            "d0a8987e56d656c13b1e4a4b28e7dc441f7035d398fc3c1ab5a64c6b655b709c  " + kTrades + "\n");
  CHECK(file.attribute<std::string>("/", "lmsim_version") == engine::kVersion);
  CHECK(file.attribute<double>("/", "lot_size") == 1e-8);
}

TEST_CASE("lmsim convert: existing output is kept unless --force", "[cli][convert]") {
  const Workspace work;
  const std::string previous = work.write("m.h5", "previous content");
  check_error(work.run(tardis_args("m.h5")),
              "m.h5: already exists; refusing to overwrite it (use --force to replace it)");
  CHECK(test::read_file(previous) == "previous content");
  const CommandResult forced = work.run(with(tardis_args("m.h5"), {"--force"}));
  CHECK(forced.exit_code == 0);
  CHECK(forced.out == kTardisSummary);
  CHECK(Hdf5MarketReader(previous).size() == 6734);
}

TEST_CASE("lmsim convert: bad options are errors naming the option", "[cli][convert]") {
  const Workspace work;
  const std::vector<std::string> tardis_inputs{"--from", "tardis", kBook, "-o", "m.h5"};
  check_error(work.run({"--from", "csv", kBook, "-o", "m.h5"}),
              "--from: expected lobster or tardis (got \"csv\")");
  check_error(work.run(with(tardis_inputs, {"--lot-size", "1e-8"})),
              "--tick-size: required for --from tardis: the market's price step, e.g. 0.01 for "
              "Binance spot BTCUSDT (lmsim does not guess it)");
  check_error(work.run(with(tardis_inputs, {"--tick-size", "0.01"})),
              "--lot-size: required for --from tardis: the market's quantity step, e.g. 1e-8 "
              "for Binance spot BTCUSDT (lmsim does not guess it)");
  for (const char* bad : {"abc", "0", "-0.01", "nan", "inf", ""}) {
    CAPTURE(bad);
    check_error(work.run(with(tardis_inputs, {"--tick-size", bad, "--lot-size", "1e-8"})),
                "--tick-size: expected a positive number (got \"" + std::string(bad) + "\")");
  }
  check_error(work.run(with(lobster_args("m.h5"), {"--lot-size", "-1"})),
              "--lot-size: expected a positive number (got \"-1\")");
  // Sizes no decimal step of lmsim can count in (once an internal error).
  for (const char* bad : {"1e-300", "1e-19", "1.5e-18", "1e300"}) {
    CAPTURE(bad);
    check_error(work.run(with(lobster_args("m.h5"), {"--lot-size", bad})),
                "--lot-size: must be a decimal step from 1e-18 to 1e18, such as 0.01 or 1e-8 (got "
                "\"" +
                    std::string(bad) + "\")");
  }
  check_error(work.run(with(tardis_args("m.h5"), {"--clock", "wall"})),
              "--clock: expected exchange or local (got \"wall\")");
  check_error(work.run(with(lobster_args("m.h5"), {"--clock", "local"})),
              "--clock: LOBSTER data has one clock, the exchange's (local applies to tardis data "
              "only)");
  check_error(work.run(with(tardis_args("m.h5"), {"--on-bad-row=maybe"})),
              "--on-bad-row: expected error or skip (got \"maybe\")");
  check_error(work.run(with(lobster_args("m.h5"), {"--date", "2012-13-01"})),
              "--date: expected a date YYYY-MM-DD (got \"2012-13-01\")");
  check_error(work.run(with(lobster_args("m.h5"), {"--date", "21.06.2012"})),
              "--date: expected a date YYYY-MM-DD (got \"21.06.2012\")");
  check_error(work.run(with(tardis_args("m.h5"), {"--date", "2012-06-21"})),
              "--date: applies to --from lobster only (tardis times are UTC)");
  check_error(work.run(with(lobster_args("m.h5"), {"--utc-offset", "-4"})),
              "--utc-offset: expected +HH:MM or -HH:MM, e.g. -04:00 for New York in summer (got "
              "\"-4\")");
  check_error(work.run(with(tardis_args("m.h5"), {"--utc-offset", "+00:00"})),
              "--utc-offset: applies to --from lobster only (tardis times are UTC)");
  check_error(work.run({"--from", "tardis", "-o", "m.h5"}),
              "at least one input file is required (see 'lmsim convert --help')");
  check_error(work.run({kBook, "-o", "m.h5"}),
              "the option '--from' is required (see 'lmsim convert --help')");
  check_error(work.run({"--from", "tardis", kBook}),
              "the option '--output' (-o) is required (see 'lmsim convert --help')");
  check_error(work.run(with(tardis_args("m.h5"), {"--speed", "fast"})),
              "unrecognised option '--speed' (see 'lmsim convert --help')");
  check_error(work.run(with(tardis_args("m.h5"), {"--tick-size"})),
              "the required argument for option '--tick-size' is missing (see 'lmsim convert "
              "--help')");
  std::filesystem::create_directory(work.file("dir"));
  check_error(work.run(tardis_args("dir")),
              "dir: is a directory (--output names the market file to write)");
  check_error(work.run(tardis_args("out/")), "--output: expected a file name (got \"out/\")");
  check_error(work.run(with(tardis_args(kTrades), {"--force"})),
              kTrades + ": is also an input file");
  CHECK(work.listing() == std::vector<std::string>{kMessages, kOrderbook, kBook, kTrades, "dir"});
}

TEST_CASE("lmsim convert: bad input files are errors with file and line", "[cli][convert]") {
  const Workspace work;
  check_error(work.run({"--from", "tardis", "missing.csv.gz", "--tick-size", "0.01", "--lot-size",
                        "1e-8", "-o", "m.h5"}),
              "missing.csv.gz: cannot open file: No such file or directory");
  check_error(work.run({"--from", "lobster", "missing_message_1.csv", kOrderbook, "-o", "m.h5"}),
              "missing_message_1.csv: cannot open file: No such file or directory");
  work.write("notes.csv", "time,text\n1,hello\n");
  check_error(work.run({"--from", "tardis", "notes.csv", "--tick-size", "0.01", "--lot-size",
                        "1e-8", "-o", "m.h5"}),
              "notes.csv:1: not a tardis.dev incremental_book_L2, book_snapshot_N or trades "
              "file: the header has none of the columns is_snapshot, asks[0].price, id");
  check_error(work.run({"--from", "lobster", kMessages, "-o", "m.h5"}),
              "LOBSTER data is a message file and its orderbook file: give exactly those two "
              "(got 1 file)");
  // A tick size the data is not on: the first price is the error, at its line and column.
  check_error(work.run({"--from", "tardis", kTrades, "--tick-size", "0.1", "--lot-size", "1e-8",
                        "-o", "m.h5"}),
              kTrades + ":2:67: price: 61837.63 is not a whole number of ticks (tick_size 0.1)");
  // Nothing is left behind by a failed conversion.
  CHECK(work.listing() ==
        std::vector<std::string>{kMessages, kOrderbook, kBook, kTrades, "notes.csv"});
}

TEST_CASE("lmsim convert: --on-bad-row=skip leaves bad rows out and reports them per kind",
          "[cli][convert]") {
  const Workspace work;
  work.write("trades.csv",
             "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n"
             "binance,BTCUSDT,1723161255342000,1723161254087896,1,sell,61837.63,0.02\n"
             "binance,BTCUSDT,1723161255343000,1723161254087897,2,sell,61837.635,0.02\n"
             "binance,BTCUSDT,1723161255344000,1723161254087898,3,unknown,61837.63,0.02\n"
             "binance,BTCUSDT,1723161255345000,1723161254087899,4,buy,61837.64,x\n"
             "binance,BTCUSDT,1723161255346000,1723161254087900,5,buy,61837.64,0.5\n");
  const std::vector<std::string> args{"--from",     "tardis", "trades.csv", "--tick-size", "0.01",
                                      "--lot-size", "1e-8",   "-o",         "m.h5"};
  check_error(work.run(args),
              "trades.csv:3:58: price: 61837.635 is not a whole number of ticks (tick_size 0.01)");
  const CommandResult result = work.run(with(args, {"--on-bad-row=skip", "--clock=local"}));
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out ==
        "wrote m.h5: 2 events (0 clear, 0 level, 2 trade) from 2024-08-08T23:54:14.087896Z to "
        "2024-08-08T23:54:14.087900Z on the local clock; bad rows skipped: 3 (unparsable 1, "
        "off_tick 1, unknown_aggressor 1)\n");
  const Hdf5MarketReader market(work.file("m.h5"));
  CHECK(market.info().bad_rows.off_tick == 1);
  CHECK(market.info().bad_rows.unparsable == 1);
  CHECK(market.info().bad_rows.dropped_rows == 3);
  CHECK(market.info().on_bad_row == OnBadRow::kSkip);
  CHECK(market.clock() == EventClock::kLocal);
}

TEST_CASE("lmsim convert: a full disk ends with exit 2, the file and the reason, nothing left",
          "[cli][convert][reliability]") {
  const Workspace work;
  const std::vector<std::string> before = work.listing();
  std::vector<std::string> args = tardis_args("out/m.h5");
  args.insert(args.begin(), "convert");
  const CommandResult result =
      run_lmsim(args, test::CommandOptions{work.file(""), std::uint64_t{32 * 1024}});
  CHECK(result.exit_code == 2);
  CHECK(result.err.rfind("lmsim: error: out/m.h5: /events/", 0) == 0);
  CHECK(result.err.find(": File too large\n") != std::string::npos);
  std::vector<std::string> after = work.listing();
  CHECK(after == before);  // the directory made for the file is gone too
}

TEST_CASE("lmsim convert: empty LOBSTER files give a market that replays, every pool rolled over",
          "[cli][convert][reliability]") {
  const Workspace work;
  const std::string messages = "AMZN_2012-06-21_34200000_57600000_message_5.csv";
  const std::string book = "AMZN_2012-06-21_34200000_57600000_orderbook_5.csv";
  work.write(messages, "");
  work.write(book, "");
  const CommandResult converted = work.run({"--from", "lobster", messages, book, "-o", "e.h5"});
  CHECK(converted.exit_code == 0);
  CHECK(converted.out == "wrote e.h5: 0 events; bad rows skipped: none\n");
  // A replay of it: the book never has a mid, so no snapshot can pay and every pool rolls over.
  work.write("s.toml", R"([sim]
start = 2012-06-21T13:30:00Z
duration = "10m"

[market]
pair = "AMZN-USD"
source = "replay"
format = "lmsim"
files = ["e.h5"]

[campaign]
reward_token = "USD"
reward_decimals = 2
epoch_start = 2012-06-21T13:30:00Z
epoch_length = "10m"
max_spread = 0.01

[[campaign.markets]]
pair = "AMZN-USD"
budget = 100

[[miners]]
name = "m"
strategy = "pure_market_making"
bid_spread = 0.1
ask_spread = 0.1
order_amount = 1
base_balance = 10
quote_balance = 10000
)");
  const CommandResult run = run_lmsim({"run", "s.toml", "--out", "r", "--report"}, work.file(""));
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("epoch 0: budget 100.00, allocated 0.00, unallocated 100.00 USD") !=
        std::string::npos);
  CHECK(std::filesystem::exists(work.file("r/report.html")));
  const sim::io::Hdf5Reader results(work.file("r/results.h5"));
  const auto rolled = results.read<std::int64_t>("/snapshots/rolled_over_bid");
  const auto pools = results.read<std::int64_t>("/snapshots/pool_bid");
  REQUIRE(rolled.size() == 10);
  CHECK(rolled == pools);
}
