#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>
#include <thread>

#include "sim/app/market_measurement.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/command_line.hpp"
#include "sim/io/facts_report.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/json_writer.hpp"

namespace lmsim::cli {

namespace po = boost::program_options;

namespace {

constexpr const char* kFactsHelp =
    R"(usage: lmsim facts MARKET [--compare MARKET] [--json] [--all] [--set KEY.PATH=VALUE]...
                   [--seed N] [--resamples B]

The stylised facts of a market, each with a moving-block bootstrap 95% interval:
per horizon (1 s, 1 min, 5 min) the return standard deviation, excess kurtosis,
Hill tail index, autocorrelation of returns (lags 1-5) and of absolute returns
(lags 1-60, with its power-law decay exponent), variance ratio and share of zero
returns; the quoted spread in ticks and bp; the depth within 0.5/1/2% of the mid
and its shape; the trade rate and trade sizes; the book imbalance against the
next return; and the realised volatility the run published against the mid's
own. Then the realism bands a synthetic market is held to (docs/facts.md).

MARKET is any of:
  RUN_DIR        a directory written by 'lmsim run' (its /market series)
  MARKET.h5      a market file written by 'lmsim convert', replayed without
                 miners from its first to its last whole minute, sampled every 1 s
  SCENARIO.toml  a scenario run without its miners (a synthetic population,
                 or a replay)
--compare puts a second market beside the first (a recorded one, typically) and
adds the depth-shape bands against it. --set and --seed apply to scenarios and
market files (e.g. --set sim.dt=\"5s\").

Options)";

}  // namespace

int facts_command(const std::vector<std::string>& args) {
  po::options_description options(kFactsHelp);
  std::string compare;
  std::vector<std::string> overrides;
  int resamples = 200;
  options.add_options()("help,h", "show this help")(
      "compare", po::value(&compare)->value_name("MARKET"),
      "a market to put beside it (the reference of the depth-shape bands)")(
      "json", "print the facts as JSON")("all", "print every fact (every lag)")(
      "set", po::value(&overrides)->value_name("KEY.PATH=VALUE")->composing(),
      "override a scenario key (repeatable)")("seed", po::value<std::uint64_t>()->value_name("N"),
                                              "master seed (replaces sim.seed)")(
      "resamples", po::value(&resamples)->value_name("B"),
      "bootstrap resamples per fact (default 200; 0 = no intervals)");
  std::vector<std::string> positionals;
  const auto parsed = parse_command_line(args, options, positionals, 1);
  if (!parsed) return kExitOk;
  const po::variables_map& values = *parsed;
  if (positionals.empty()) throw po::error("a market is required (see 'lmsim facts --help')");
  if (resamples < 0 || resamples > 100'000) {
    throw sim::io::InputError({"--resamples", 0, 0, ""},
                              "must be in [0, 100000] (got " + std::to_string(resamples) + ")");
  }
  if (values.count("seed")) {
    overrides.push_back("sim.seed=" + std::to_string(values["seed"].as<std::uint64_t>()));
  }
  sim::app::MeasureOptions measure;
  measure.overrides = overrides;
  measure.bootstrap.resamples = static_cast<std::size_t>(resamples);
  // One market at a time: its resamples may take every core (no figure depends on it).
  measure.bootstrap.threads = std::max(1u, std::thread::hardware_concurrency());
  const sim::app::MeasuredMarket market = sim::app::measure_market(positionals[0], measure);
  std::optional<sim::app::MeasuredMarket> reference;
  if (!compare.empty()) {
    sim::app::MeasureOptions plain;
    plain.bootstrap = measure.bootstrap;
    reference = sim::app::measure_market(compare, plain);
  }
  const auto bands =
      analysis::realism_bands(market.realism, reference ? &reference->realism : nullptr);

  if (values.count("json")) {
    sim::io::JsonWriter json;
    json.begin_object();
    json.key("market").value(market.input);
    json.key("kind").value(market.kind);
    json.key("facts");
    sim::io::write_facts_json(json, market.realism, bands);
    if (reference) {
      json.key("compare").begin_object();
      json.key("market").value(reference->input);
      json.key("kind").value(reference->kind);
      json.key("facts");
      sim::io::write_facts_json(json, reference->realism,
                                analysis::realism_bands(reference->realism));
      json.end_object();
    }
    json.end_object();
    std::cout << json.str();
    return kExitOk;
  }
  std::vector<sim::io::FactsColumn> columns{{market.input, &market.realism}};
  if (reference) columns.push_back({reference->input, &reference->realism});
  std::cout << sim::io::facts_table(columns, values.count("all") > 0) << "\n"
            << "realism bands of " << market.input << ":\n"
            << sim::io::realism_bands_table(bands);
  return kExitOk;
}

}  // namespace lmsim::cli
