#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/sample_statistics.hpp"
#include "sim/app/sweep.hpp"

namespace lmsim::sim::app {

// `lmsim tune` (docs/sweeps.md): the smallest value of one scenario key whose target holds with a
// stated confidence — "the smallest weekly budget that adds 50 ETH within ±1%" — or, with a metric
// to maximise or minimise, the best value of the key among those whose target holds. Every
// evaluated value runs the same replicate seeds (common random numbers), so comparisons between
// values are not seed noise.

/// "METRIC >= X" or "METRIC <= X".
struct TuneTarget {
  std::string metric;
  analysis::Comparison comparison = analysis::Comparison::kAtLeast;
  double threshold = 0.0;
  std::string text;  ///< as given
};

/// Parses a target; throws InputError located at "--target TEXT" for bad syntax. The metric's
/// name is checked against the sweep's metrics later (tune).
TuneTarget parse_target(const std::string& text);

/// The swept key's range: "LO:HI" (bisection and scans in the value) or "log:LO:HI" (in its
/// logarithm; LO, HI > 0).
struct TuneRange {
  double low = 0.0;
  double high = 0.0;
  bool log = false;
};
TuneRange parse_tune_range(const std::string& text);

struct TuneRequest {
  std::string scenario_path;
  std::vector<std::string> overrides;
  std::string key;
  TuneRange range;
  std::optional<TuneTarget> target;  ///< required unless optimising
  double confidence = 0.95;
  int replicates = 5;       ///< at each value to start with
  int max_replicates = 40;  ///< added sequentially while a value's verdict is undecided
  double tolerance = 0.0;   ///< bisection stops when the bracket is this narrow; 0: 1/64 of it
  std::optional<std::string> optimise_metric;  ///< --maximise / --minimise
  bool maximise = true;
  int steps = 9;  ///< values scanned per round when optimising
  int jobs = 1;
  std::filesystem::path out_dir;
  bool overwrite = false;
  std::function<void(const std::string&)> progress;  ///< one line per evaluated value
};

/// One evaluated value of the key.
struct TuneEvaluation {
  double value = 0.0;
  std::string text;                      ///< the value as TOML text
  std::vector<SweepRun> runs;            ///< replicate r is runs[r]
  analysis::Summary target_summary{};    ///< of the target's metric (when there is a target)
  analysis::Summary optimise_summary{};  ///< of the optimised metric (when optimising)
  std::string verdict;  ///< "holds", "fails" or "undecided" (the target at the confidence)
};

struct TuneOutcome {
  bool found = false;
  TuneEvaluation answer;
  bool monotone = true;  ///< the verdicts never fail at a larger value where a smaller held
  std::vector<std::string> notes;
  std::vector<TuneEvaluation> evaluated;  ///< in increasing value
  std::vector<std::string> metric_names;
  std::vector<std::string> metric_units;
};

/// Runs the search and writes out_dir/tune.json, sweep.h5 and sweep.csv (the evaluated values
/// as a one-axis sweep) together. Throws InputError for an unknown metric, a bad range, or an
/// out_dir holding results already (without overwrite).
TuneOutcome tune(const TuneRequest& request);

}  // namespace lmsim::sim::app
