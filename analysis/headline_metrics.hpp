#pragma once

#include <string>
#include <vector>

#include "analysis/run_metrics.hpp"

namespace lmsim::analysis {

/// One named figure of a run, as sweeps tabulate it and `lmsim tune` targets it.
struct HeadlineMetric {
  std::string name;
  std::string unit;
  double value = 0.0;  ///< NaN when undefined for the run (no baseline, nothing paid, …)
};

/// The figures that decide a campaign's budget and parameters (docs/sweeps.md lists each):
/// depth within ±0.5/1/2% with the campaign and the depth it added over the baseline, the quoted
/// spread and its reduction, the slippage of each reference market-order size (buy and sell),
/// the cost per unit of added depth and per bp of spread, the Gini of entity rewards, the miners
/// that earned (active), their mean annualised reward yield, and what the sponsor spent. The
/// names and their order depend only on the run's reference sizes, so every run of a sweep has
/// the same list.
std::vector<HeadlineMetric> headline_metrics(const RunMetrics& metrics);

/// The names headline_metrics gives for a run with these reference sizes (base asset).
std::vector<std::string> headline_metric_names(const std::vector<double>& reference_sizes);

}  // namespace lmsim::analysis
