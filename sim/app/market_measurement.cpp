#include "sim/app/market_measurement.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "engine/time_text.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/replay/hdf5_market_reader.hpp"
#include "sim/io/results_file.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/io/toml_table_reader.hpp"
#include "sim/io/toml_text.hpp"

namespace lmsim::sim::app {

namespace fs = std::filesystem;

namespace {

std::string toml_string(const std::string& text) {
  return io::toml_value_text(toml::value<std::string>(text));
}

/// The facts' settings for a series: the sampled market's tick size, the realised-volatility
/// warm-up of three half-lives.
analysis::RealismOptions realism_options(const MeasureOptions& options, double tick_size,
                                         Nanos volatility_half_life) {
  analysis::RealismOptions realism;
  realism.bootstrap = options.bootstrap;
  realism.tick_size = tick_size;
  realism.volatility_warmup = 3 * volatility_half_life;
  return realism;
}

MeasuredMarket measure_run_directory(const std::string& directory, const MeasureOptions& options) {
  analysis::RunData run = io::load_run_data(directory);
  MeasuredMarket measured;
  measured.input = directory;
  measured.kind = "run";
  measured.pair = run.pair;
  // The run's own scenario says how fast its volatility estimate forgets.
  const Scenario scenario = io::scenario_from_document(
      io::parse_toml(run.provenance.scenario_text, directory + ": scenario"),
      run.provenance.scenario_path, {});
  measured.series = std::move(run.market);
  measured.realism = analysis::market_realism(
      measured.series,
      realism_options(options, run.provenance.tick_size, scenario.market.volatility_half_life));
  return measured;
}

}  // namespace

std::string market_file_scenario_text(const std::string& path) {
  std::unique_ptr<replay::Hdf5MarketReader> reader;
  try {
    reader = std::make_unique<replay::Hdf5MarketReader>(path);
  } catch (const io::InputError& error) {
    throw io::InputError(
        {path, 0, 0, ""},
        "not an lmsim market file ('lmsim convert' writes one): " + error.problem());
  } catch (const io::Hdf5Error& error) {
    throw io::InputError(
        {path, 0, 0, ""},
        "not an lmsim market file ('lmsim convert' writes one): " + error.problem());
  }
  const replay::MarketFileInfo& info = reader->info();
  // Whole minutes inside the recording: the book is built by then, and the one-minute returns
  // and snapshots fall on the minute.
  const Nanos minute = engine::kNanosPerMinute;
  const Nanos first = info.first_time;
  const Nanos start = (first / minute + 1) * minute;
  const Nanos end = info.last_time / minute * minute;
  if (info.events.total() == 0 || end - start < minute) {
    throw io::InputError({path, 0, 0, ""},
                         "the market file holds less than one whole minute of events (" +
                             engine::format_timestamp(info.first_time) + " to " +
                             engine::format_timestamp(info.last_time) + ")");
  }
  std::string pair = info.symbol.empty() ? "MARKET" : info.symbol;
  std::ostringstream text;
  text << "# the market file " << path << " replayed without miners\n"
       << "[sim]\nstart = " << engine::format_timestamp(start) << "\nduration = \""
       << engine::format_duration(end - start) << "\"\ndt = \"1s\"\nseed = 1\n\n"
       << "[market]\npair = " << toml_string(pair) << "\nsource = \"replay\"\n"
       << "format = \"lmsim\"\nfiles = [" << toml_string(fs::absolute(path).string()) << "]\n\n"
       << "[campaign]\nname = \"none\"\nreward_token = \"TOKEN\"\nreward_decimals = 0\n"
       << "epoch_start = " << engine::format_timestamp(start) << "\nepoch_length = \""
       << engine::format_duration(end - start) << "\"\nsnapshot_interval = \"60s\"\n"
       << "max_spread = 0.02\nspread_factor = 8.0\n\n"
       << "[[campaign.markets]]\npair = " << toml_string(pair) << "\nbudget = 1.0\n";
  return text.str();
}

Scenario market_file_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  return io::scenario_from_document(io::parse_toml(market_file_scenario_text(path), path), path,
                                    overrides);
}

bool is_scenario_path(const std::string& path) {
  return fs::path(path).extension() == ".toml";
}

MeasuredMarket measure_scenario_market(const Scenario& scenario, const MeasureOptions& options) {
  Scenario without_miners = scenario;
  without_miners.miners.clear();
  // The facts need the fine grid (returns at 1 s) and nothing is written: every clock step
  // unless the scenario sets sample_interval itself, whatever a long run records by default.
  if (!without_miners.analysis.sample_interval) {
    without_miners.analysis.sample_interval = without_miners.sim.step;
  }
  SimulateOptions simulate_options;
  simulate_options.baseline = false;
  simulate_options.market_facts = false;
  simulate_options.markets = options.markets;
  SimulatedRun run = simulate(without_miners, simulate_options);
  MeasuredMarket measured;
  measured.input = scenario.path;
  measured.kind = "scenario";
  measured.pair = scenario.market.spec.pair;
  measured.series = std::move(run.run.market);
  measured.realism = analysis::market_realism(
      measured.series, realism_options(options, scenario.market.spec.tick_size,
                                       scenario.market.volatility_half_life));
  return measured;
}

MeasuredMarket measure_market(const std::string& input, const MeasureOptions& options) {
  std::error_code error;
  if (fs::is_directory(input, error)) return measure_run_directory(input, options);
  if (!fs::exists(input, error)) throw io::InputError({input, 0, 0, ""}, "no such file");
  if (is_scenario_path(input)) {
    return measure_scenario_market(io::load_scenario(input, options.overrides), options);
  }
  MeasuredMarket measured =
      measure_scenario_market(market_file_scenario(input, options.overrides), options);
  measured.input = input;
  measured.kind = "market file";
  return measured;
}

}  // namespace lmsim::sim::app
