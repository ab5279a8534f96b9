#pragma once

#include <string>
#include <string_view>

#include "analysis/run_data.hpp"
#include "analysis/run_metrics.hpp"

namespace lmsim::sim::io {

/// summary.json of a run (docs/results.md): the campaign, per market and epoch
/// budget/allocated/unallocated (as `lmsim score` writes them), per miner and per entity
/// results, what a replay read, run counters, and the run's metrics (write_metrics_json).
std::string run_summary_json(const analysis::RunData& run, const analysis::RunMetrics& metrics);

/// The readable summary printed on stdout. `market` says what the market was ("157 background
/// agents", "replaying tardis data").
std::string run_table(const analysis::RunData& run, std::string_view market);

}  // namespace lmsim::sim::io
