#pragma once

#include <string>
#include <vector>

#include "analysis/run_data.hpp"
#include "analysis/run_metrics.hpp"
#include "engine/pair.hpp"

namespace lmsim::analysis {

/// One run as a report shows it: what it recorded, its metrics, and the label that tells it
/// apart from the other runs of a comparison ("A", "B", …; empty in a single-run report).
struct ReportRun {
  std::string label;
  RunData data;
  RunMetrics metrics;
};

/// Computes the metrics of each run and labels them A, B, …, Z, AA, AB, … in the order given
/// (no label when there is only one run).
std::vector<ReportRun> make_report_runs(std::vector<RunData> runs);

/// The two assets of a pair (engine/pair.hpp).
using engine::pair_assets;
using engine::PairAssets;

/// "A" for 0, "Z" for 25, "AA" for 26: spreadsheet column names.
std::string run_label(std::size_t index);

}  // namespace lmsim::analysis
