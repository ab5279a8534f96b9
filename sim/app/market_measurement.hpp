#pragma once

#include <string>
#include <vector>

#include "analysis/market_realism.hpp"
#include "analysis/run_data.hpp"
#include "sim/app/simulate.hpp"
#include "sim/core/scenario.hpp"

namespace lmsim::sim::app {

// The stylised facts of any market lmsim can sample (`lmsim facts`, the report's "market
// realism" section, `lmsim calibrate`'s target): a run directory's /market, a recorded market
// file replayed without miners, or a scenario run without miners (a synthetic population, or a
// replay). Every market goes through the same MarketSampler on a clock of `dt`, so a synthetic
// market and a recording are measured the same way (docs/facts.md).

/// What was measured:
/// - `input`: the path as given; `kind`: "run", "market file" or "scenario";
/// - `pair`: the market's name (a market file's symbol, or "MARKET");
/// - `series`: the market as sampled (a run's /market, with its miners; otherwise without any);
/// - `realism`: its facts and checks.
struct MeasuredMarket {
  std::string input;
  std::string kind;
  std::string pair;
  analysis::MarketSeries series;
  analysis::MarketRealism realism;
};

/// How to measure:
/// - `overrides`: `--set KEY.PATH=VALUE` applied to a scenario (and to the replay scenario of a
///   market file, e.g. `sim.dt`), in order;
/// - `bootstrap`: the facts' bootstrap settings;
/// - `markets`: recorded markets shared with other measurements (nullptr: read from the files).
struct MeasureOptions {
  std::vector<std::string> overrides;
  analysis::BootstrapSettings bootstrap{};
  RecordedMarkets* markets = nullptr;
};

/// The replay scenario of an lmsim market file (written by `lmsim convert`): its events replayed
/// from the first whole minute after its first event to the last whole minute before its last,
/// sampled every second, with no miners and a nominal campaign (nothing is paid to anyone).
/// Throws InputError located at `path` when it is not a readable market file.
std::string market_file_scenario_text(const std::string& path);

/// The scenario of a market file (market_file_scenario_text) with the overrides applied.
Scenario market_file_scenario(const std::string& path,
                              const std::vector<std::string>& overrides = {});

/// Whether `path` names a scenario file (it ends in ".toml").
bool is_scenario_path(const std::string& path);

/// Measures the market named by `input`: a directory is a run directory (its results.h5), a
/// path ending in ".toml" a scenario (run without its miners), anything else a market file
/// (replayed without miners). Input problems are InputErrors located at the file.
MeasuredMarket measure_market(const std::string& input, const MeasureOptions& options);

/// Measures the market of `scenario` run without its miners (no baseline run): the same as
/// measure_market of its file. The market is sampled every clock step unless the scenario sets
/// `[analysis] sample_interval` (a long run's default grid is for the files a run writes).
MeasuredMarket measure_scenario_market(const Scenario& scenario, const MeasureOptions& options);

}  // namespace lmsim::sim::app
