#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "sim/cli/cli.hpp"
#include "sim/cli/command_line.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/replay/decimal_step.hpp"
#include "sim/io/replay/market_conversion.hpp"
#include "sim/io/result_files.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;
using sim::io::InputError;
using sim::replay::ConversionOptions;
using sim::replay::EventClock;
using sim::replay::MarketFileInfo;
using sim::replay::OnBadRow;
using sim::replay::RecordedFormat;

namespace {

constexpr const char* kConvertHelp =
    R"(usage: lmsim convert --from lobster|tardis IN... -o MARKET.h5 [options]

Converts recorded order-book data into an lmsim market file: the normalised event
stream (book clears, level updates, trades; prices in ticks, quantities in lots,
times in ns UTC) stored column by column in chunked, compressed HDF5, which replays
many times faster than the CSV it came from. Every row is checked as it is read
(docs/market-data.md lists the checks); the file records the source, tick and lot
sizes, clock, event counts, the rows left out, and each input's name and SHA-256.
The same inputs and options always give a byte-identical file. It is written under
a temporary name and moved into place when complete; an existing file is kept
unless --force. Prints one summary line.

Inputs:
  --from lobster  a LOBSTER message file and its orderbook file, plain or gzip:
                  TICKER_YYYY-MM-DD_START_END_message_N.csv and ..._orderbook_N.csv
                  (told apart by these names, else taken in that order). Tick and
                  lot default to LOBSTER's $0.01 and 1 share; the trading date comes
                  from the file name; times are shifted to UTC by --utc-offset.
  --from tardis   one or more tardis.dev CSV files of one market, plain or gzip:
                  incremental_book_L2, book_snapshot_N and/or trades, each type told
                  from its header. Merged books first, then trades, so at one
                  instant book updates come before trades. --tick-size and
                  --lot-size are required: they depend on the market and lmsim does
                  not guess them.

Examples:
  lmsim convert --from lobster AMZN_2012-06-21_34200000_57600000_message_5.csv.gz \
      AMZN_2012-06-21_34200000_57600000_orderbook_5.csv.gz -o amzn.h5 --on-bad-row=skip
  lmsim convert --from tardis BTCUSDT_incremental_book_L2.csv.gz BTCUSDT_trades.csv.gz \
      --tick-size 0.01 --lot-size 1e-8 -o btcusdt.h5
  lmsim convert --from tardis BTCUSDT_book_snapshot_5.csv.gz --tick-size 0.01 \
      --lot-size 1e-8 --clock local -o btcusdt-top5.h5 --force

Exit status: 0 on success, 2 for bad options or data (the message names the file,
line and column).

Options)";

/// The value of option `name` when given.
std::optional<std::string> given(const po::variables_map& values, const char* name) {
  if (!values.count(name)) return std::nullopt;
  return values[name].as<std::string>();
}

sim::io::InputError bad_option(const std::string& option, const std::string& problem) {
  return sim::io::InputError({"", 0, 0, option}, problem);
}

RecordedFormat parse_format(const std::string& text) {
  if (text == "lobster") return RecordedFormat::kLobster;
  if (text == "tardis") return RecordedFormat::kTardis;
  throw bad_option("--from", "expected lobster or tardis (got " + sim::io::quoted(text) + ")");
}

double parse_size(const std::string& option, const std::string& text) {
  const std::optional<double> value = sim::io::parse_number(text);
  if (!value || !(*value > 0.0)) {
    throw bad_option(option, "expected a positive number (got " + sim::io::quoted(text) + ")");
  }
  // Recorded prices and sizes are counted in exact decimal steps (docs/market-data.md).
  if (!sim::replay::DecimalStep::from_double(*value)) {
    throw bad_option(option,
                     "must be a decimal step from 1e-18 to 1e18, such as 0.01 or 1e-8 (got " +
                         sim::io::quoted(text) + ")");
  }
  return *value;
}

/// The options as a ConversionOptions, every value checked, with the option's name in errors.
ConversionOptions conversion_options(const po::variables_map& values,
                                     const std::vector<std::string>& inputs) {
  ConversionOptions options;
  options.format = parse_format(values["from"].as<std::string>());
  const bool lobster = options.format == RecordedFormat::kLobster;
  options.inputs = inputs;

  const std::optional<std::string> tick = given(values, "tick-size");
  const std::optional<std::string> lot = given(values, "lot-size");
  if (!lobster) {
    if (!tick) {
      throw bad_option("--tick-size",
                       "required for --from tardis: the market's price step, e.g. 0.01 for "
                       "Binance spot BTCUSDT (lmsim does not guess it)");
    }
    if (!lot) {
      throw bad_option("--lot-size",
                       "required for --from tardis: the market's quantity step, e.g. 1e-8 for "
                       "Binance spot BTCUSDT (lmsim does not guess it)");
    }
  }
  if (tick || lot) {
    options.units = sim::replay::MarketUnits{tick ? parse_size("--tick-size", *tick) : 0.01,
                                             lot ? parse_size("--lot-size", *lot) : 1.0};
  }

  if (const std::optional<std::string> clock = given(values, "clock")) {
    const std::optional<EventClock> parsed = sim::replay::parse_event_clock(*clock);
    if (!parsed) {
      throw bad_option("--clock",
                       "expected exchange or local (got " + sim::io::quoted(*clock) + ")");
    }
    if (lobster && *parsed != EventClock::kExchange) {
      throw bad_option("--clock",
                       "LOBSTER data has one clock, the exchange's (local applies to tardis "
                       "data only)");
    }
    options.clock = *parsed;
  }
  if (const std::optional<std::string> policy = given(values, "on-bad-row")) {
    if (*policy == "error") {
      options.on_bad_row = OnBadRow::kError;
    } else if (*policy == "skip") {
      options.on_bad_row = OnBadRow::kSkip;
    } else {
      throw bad_option("--on-bad-row",
                       "expected error or skip (got " + sim::io::quoted(*policy) + ")");
    }
  }
  if (const std::optional<std::string> date = given(values, "date")) {
    if (!lobster) {
      throw bad_option("--date", "applies to --from lobster only (tardis times are UTC)");
    }
    if (date->size() != 10 || !sim::io::parse_timestamp(*date + "T00:00:00Z")) {
      throw bad_option("--date", "expected a date YYYY-MM-DD (got " + sim::io::quoted(*date) + ")");
    }
    options.trading_date = *date;
  }
  if (const std::optional<std::string> offset = given(values, "utc-offset")) {
    if (!lobster) {
      throw bad_option("--utc-offset", "applies to --from lobster only (tardis times are UTC)");
    }
    const std::optional<engine::Nanos> parsed = sim::replay::parse_utc_offset(*offset);
    if (!parsed) {
      throw bad_option("--utc-offset",
                       "expected +HH:MM or -HH:MM, e.g. -04:00 for New York in summer (got " +
                           sim::io::quoted(*offset) + ")");
    }
    options.utc_offset = *parsed;
  }
  return options;
}

/// "3589 events (1 clear, 3051 level, 537 trade) from … to … on the exchange clock; bad rows
/// skipped: 1 (unparsable 1)".
std::string summary_line(const std::string& output, const MarketFileInfo& info) {
  std::string line = "wrote " + output + ": " + std::to_string(info.events.total()) + " events";
  if (info.events.total() > 0) {
    line += " (" + std::to_string(info.events.clear) + " clear, " +
            std::to_string(info.events.level) + " level, " + std::to_string(info.events.trade) +
            " trade) from " + engine::format_timestamp(info.first_time) + " to " +
            engine::format_timestamp(info.last_time) + " on the " +
            std::string(sim::replay::event_clock_name(info.clock)) + " clock";
  }
  line += "; bad rows skipped: ";
  if (info.bad_rows.problems() == 0) {
    line += "none";
  } else {
    line += std::to_string(info.bad_rows.dropped_rows) + " (";
    bool first = true;
    for (const sim::replay::BadRowKind kind : sim::replay::kAllBadRowKinds) {
      if (info.bad_rows[kind] == 0) continue;
      line += std::string(first ? "" : ", ") + std::string(sim::replay::bad_row_kind_name(kind)) +
              " " + std::to_string(info.bad_rows[kind]);
      first = false;
    }
    line += ")";
  }
  if (info.lobster && info.lobster->omitted_sub_tick_trades > 0) {
    line += "; hidden trades between ticks omitted: " +
            std::to_string(info.lobster->omitted_sub_tick_trades);
  }
  return line;
}

}  // namespace

int convert_command(const std::vector<std::string>& args) {
  po::options_description options(kConvertHelp);
  std::string output;
  std::vector<std::string> inputs;
  options.add_options()("help,h", "show this help")(
      "from", po::value<std::string>()->value_name("FORMAT"),
      "lobster or tardis: the format of the inputs (required)")(
      "output,o", po::value(&output)->value_name("FILE"),
      "the market file to write, e.g. market.h5 (required; its directory is created if "
      "missing)")("tick-size", po::value<std::string>()->value_name("X"),
                  "price step in the source's price unit: every price must be a whole number "
                  "of it (LOBSTER default 0.01 USD; required for tardis)")(
      "lot-size", po::value<std::string>()->value_name("Y"),
      "quantity step in the source's quantity unit (LOBSTER default 1 share; required for "
      "tardis)")("clock", po::value<std::string>()->value_name("exchange|local"),
                 "the times the stream is ordered and checked by: the exchange's (default) or "
                 "the recorder's receive times (tardis only)")(
      "date", po::value<std::string>()->value_name("YYYY-MM-DD"),
      "LOBSTER trading date (default: from the message file's name)")(
      "utc-offset", po::value<std::string>()->value_name("+HH:MM"),
      "LOBSTER: the exchange's offset from UTC on that date (default -04:00, New York "
      "daylight time, as for LOBSTER's 2012-06-21 samples; -05:00 in winter)")(
      "on-bad-row", po::value<std::string>()->value_name("error|skip"),
      "error (default): stop at the first bad row with its file, line and column; skip: "
      "leave bad rows out and count them per kind in the file and the summary")(
      "force", "replace the output file if it exists");
  const auto parsed = parse_command_line(args, options, inputs, -1);
  if (!parsed) return kExitOk;
  const po::variables_map& values = *parsed;
  if (!values.count("from")) throw po::error("the option '--from' is required");
  if (inputs.empty()) throw po::error("at least one input file is required");
  if (!values.count("output")) throw po::error("the option '--output' (-o) is required");

  const ConversionOptions conversion = conversion_options(values, inputs);
  const fs::path target(output);
  if (target.filename().empty() || target.filename() == "." || target.filename() == "..") {
    throw bad_option("--output", "expected a file name (got " + sim::io::quoted(output) + ")");
  }
  std::error_code error;
  if (fs::is_directory(target, error)) {
    throw sim::io::InputError({output, 0, 0, ""},
                              "is a directory (--output names the market file to write)");
  }
  const bool force = values.count("force") > 0;
  if (!force && fs::exists(target, error)) {
    throw sim::io::InputError(
        {output, 0, 0, ""}, "already exists; refusing to overwrite it (use --force to replace it)");
  }
  for (const std::string& input : inputs) {
    if (fs::equivalent(input, target, error)) {
      throw sim::io::InputError({output, 0, 0, ""}, "is also an input file");
    }
  }

  // Refuse to clobber before doing any work; write under a temporary name, then move.
  sim::io::ResultFile file(target, force);
  const MarketFileInfo info = file.produce(
      [&] { return sim::replay::convert_to_market_file(conversion, file.staging_path()); });
  file.commit();
  std::cout << summary_line(output, info) << "\n";
  return kExitOk;
}

}  // namespace lmsim::cli
