#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "analysis/run_data.hpp"
#include "analysis/run_metrics.hpp"
#include "sim/core/replay/market_event_reader.hpp"
#include "sim/core/scenario.hpp"
#include "sim/core/simulation.hpp"

namespace lmsim::sim::app {

/// What `lmsim run` is asked to do besides running the scenario.
struct RunRequest {
  std::filesystem::path out_dir;
  bool overwrite = false;            ///< replace results already present (--force)
  bool export_score_inputs = false;  ///< also write the `lmsim score` inputs of the run
  bool baseline = true;              ///< also run the scenario without miners
  RunObserver* progress = nullptr;   ///< told the fraction done, when given
};

/// What a finished run recorded and wrote, and the text to print about it.
struct RunOutcome {
  analysis::RunData run;                     ///< everything results.h5 holds
  analysis::RunMetrics metrics;              ///< computed from `run`, in memory
  std::vector<std::filesystem::path> files;  ///< every file written, committed together
  std::string table;                         ///< the readable summary (io::run_table)
};

/// Runs `scenario` and writes its results into `request.out_dir` atomically (results.h5,
/// summary.json, and with export_score_inputs campaign.toml, snapshots.csv and orders.csv).
/// Existing results are refused before any work unless `overwrite`.
RunOutcome run_scenario(const Scenario& scenario, const RunRequest& request);

/// What the run table says of the market: "157 background agents", "replaying tardis data".
std::string market_description(const Scenario& scenario);

}  // namespace lmsim::sim::app
