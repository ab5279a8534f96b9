#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/stylised_facts.hpp"

namespace lmsim::sim::app {

// `lmsim calibrate` (docs/calibration.md): the parameters of a synthetic population fitted to a
// recorded market by the simulated method of moments. The target's stylised facts (a market file
// or a replay scenario, measured as `lmsim facts` measures it) are the moments; a candidate
// parameter vector θ is run R times on the same seeds as every other candidate (common random
// numbers), without miners, and its moments averaged over the replicates; the fit is
//   J(θ) = (1/K) Σ_k ((m̄_k(θ) − t_k) / s_k)²,
// s_k the target's bootstrap standard error (floored, see below) — a diagonal weighting by the
// inverse bootstrap variance. NLopt's derivative-free optimisers minimise J over a box, each
// parameter scaled to [0, 1] (logarithmically when its bounds are positive).

/// One parameter to calibrate: a scenario key path whose value is a number or a duration (then
/// searched in seconds), and its bounds.
struct CalibrationParam {
  std::string key;
  double low = 0.0;
  double high = 0.0;
  bool bounds_given = false;  ///< `KEY=LO:HI`; otherwise the defaults of default_bounds
};

/// Parses one `--params` item: `KEY` or `KEY=LO:HI` (LO < HI, finite). Throws InputError located
/// at "--params ITEM" when malformed.
CalibrationParam parse_calibration_param(const std::string& item);

/// The default bounds of a parameter whose scenario value is `value` (> 0 for durations and
/// counts): [value / 4, 4 · value], with a share key (a name ending in `fraction`, `share`,
/// `aggressive` or `alpha`) capped at 1; a value of 0 gives [0, 1]. `integer` keys (counts) are
/// at least 1 at the low end.
std::pair<double, double> default_bounds(const std::string& key, double value, bool integer);

/// The moments the fit uses when none are named: the return facts that carry the price
/// process (sd, excess kurtosis, lag-1 autocorrelations of returns and of |returns| at 1 s and
/// 1 min, the 1-s share of zero returns, the 5-min sd), the spread in ticks and bp, the trade
/// rate, the trade sizes (mean, median) and the buy share. Depth is left out: a recorded book of
/// a few levels (LOBSTER's 5 or 10) holds only what lies near the touch, which is no measure of
/// the depth within 0.5–2% of the mid; name `depth.both.*` moments to fit a full book.
std::vector<std::string> default_calibration_moments();

/// The optimisers lmsim calibrate offers (NLopt's): "neldermead" (LN_NELDERMEAD, the default),
/// "sbplx" (LN_SBPLX), "bobyqa" (LN_BOBYQA) and "crs" (GN_CRS2_LM, a global search).
std::vector<std::string> calibration_algorithms();

/// One evaluated candidate, in evaluation order.
struct CalibrationCandidate {
  std::vector<double> values;  ///< the parameters' values (seconds for durations)
  double fit = 0.0;            ///< J; +∞ when a run failed (the message in `problem`)
  std::string problem;
};

/// Progress after each candidate.
struct CalibrationProgress {
  std::size_t evaluated = 0;
  std::size_t budget = 0;  ///< max evaluations
  double best_fit = 0.0;   ///< J of the best so far
  double elapsed = 0.0;    ///< seconds of wall-clock time (shown, never written to files)
};

/// What to calibrate and how.
struct CalibrationRequest {
  std::string scenario_path;
  std::vector<std::string> overrides;  ///< --set, applied to the scenario first
  std::string target;                  ///< a market file or a replay scenario
  std::vector<CalibrationParam> params;
  std::vector<std::string> moments;  ///< empty: default_calibration_moments()
  int replicates = 2;
  int jobs = 1;
  std::string algorithm = "neldermead";
  int max_evaluations = 200;
  double max_seconds = 0.0;  ///< wall-clock limit of the search; 0 = none
  double tolerance = 1e-3;   ///< relative change of J at which a local search stops
  std::filesystem::path out;
  bool overwrite = false;
  std::string command_line;  ///< the exact command, for the output's header
  std::function<void(const CalibrationProgress&)> progress;
};

/// One moment of the final table: the target and the calibrated market's value, each with its
/// bootstrap 95% interval (the calibrated one from the run at the scenario's seed, replicate 0),
/// the replicates' mean, and its weight's standard error.
struct CalibratedMoment {
  std::string name;
  analysis::Estimate target;
  analysis::Estimate achieved;  ///< replicate 0, with its bootstrap interval
  double achieved_mean = 0.0;   ///< over the replicates
  double scale = 0.0;           ///< s_k, the standard error the fit divides by
};

struct CalibrationOutcome {
  std::vector<std::string> keys;
  std::vector<double> start;  ///< the scenario's values
  std::vector<double> best;   ///< the calibrated values
  std::vector<std::pair<double, double>> bounds;
  double start_fit = 0.0;
  double best_fit = 0.0;
  std::vector<CalibrationCandidate> evaluated;
  std::vector<CalibratedMoment> moments;
  std::string stop_reason;  ///< NLopt's
  std::string text;         ///< the calibrated scenario as written
};

/// Runs the calibration and writes `out` atomically (refused up front when it exists, unless
/// `overwrite`). Input problems are InputErrors: a target that is not a recorded market, a
/// scenario without a synthetic population, a parameter the scenario does not hold as a number,
/// an unknown moment or algorithm.
CalibrationOutcome calibrate(const CalibrationRequest& request);

}  // namespace lmsim::sim::app
