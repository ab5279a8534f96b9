#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analysis/gnuplot_script.hpp"
#include "analysis/run_data.hpp"
#include "analysis/sample_statistics.hpp"

namespace lmsim::analysis {

// The report of a sweep (docs/report.md, docs/sweeps.md): how each headline metric responds to
// each swept key, with the 95% confidence interval of its mean over the replicates; the paired
// differences between neighbouring points, which common random numbers make sharp; and, when a
// budget is swept, the sponsor's cost curve (budget → depth bought).

/// What a sweep recorded (sweep.h5), as plain values.
struct SweepData {
  std::string directory;  ///< as given on the command line
  std::string lmsim_version;
  std::string scenario_path;
  std::string scenario_text;
  std::string overrides;  ///< one per line
  std::vector<std::string> axis_keys;
  std::vector<std::vector<std::string>> point_values;  ///< per point, per axis (TOML text)
  int replicates = 1;
  std::vector<std::string> metric_names;
  std::vector<std::string> metric_units;
  Matrix<double> run_metrics;          ///< runs × metrics, point-major; NaN for a failed run
  std::vector<std::uint8_t> run_ok;    ///< per run
  std::vector<std::string> run_error;  ///< per run ("" when it finished)

  std::size_t points() const { return point_values.size(); }
  /// Metric `metric` of the replicates of `point` (NaN for failed runs).
  std::vector<double> values(std::size_t point, std::size_t metric) const;
  /// The index of a metric by name, or metric_names.size().
  std::size_t metric(std::string_view name) const;
};

/// The summary (mean, 95% CI) of one metric at one point.
Summary point_summary(const SweepData& sweep, std::size_t point, std::size_t metric);

/// The paired difference of a metric between two points over the replicates both finished
/// (replicate r of each shares its seed).
Summary paired_point_difference(const SweepData& sweep, std::size_t from, std::size_t to,
                                std::size_t metric);

/// The metrics a sweep report plots, in order, that the sweep has.
std::vector<std::size_t> reported_metrics(const SweepData& sweep);

/// The plots of a sweep report: for each swept key, each reported metric against the key's
/// values (one line per combination of the other keys' values, at most six), with error bars
/// spanning the 95% interval of the mean; then the cost curve when a key names a budget.
std::vector<PlotScript> sweep_plots(const SweepData& sweep);

/// The report page (self-contained HTML, as render_report_html): the sweep's provenance, a
/// table of every point's means and intervals, the plots, the paired differences between
/// neighbouring points along each key, failed runs, definitions. `svgs[i]` is gnuplot's drawing
/// of plots[i]. Throws std::invalid_argument when the counts differ.
std::string render_sweep_html(const SweepData& sweep, std::span<const PlotScript> plots,
                              std::span<const std::string> svgs, std::string_view lmsim_version);

}  // namespace lmsim::analysis
