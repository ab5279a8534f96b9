#pragma once

#include <filesystem>
#include <string>

#include "analysis/run_metrics.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/json_writer.hpp"

namespace lmsim::sim::io {

/// The units a run's metrics are measured in: the reward token, and the two assets of the pair.
struct MetricUnits {
  std::string token;
  std::string base;
  std::string quote;
};

/// Writes a run's metrics (analysis::compute_run_metrics, docs/metrics.md) into results.h5 as
/// the `/metrics` group: per-miner and per-entity tables, fairness, liquidity with and without
/// the campaign, and the sponsor's economics — every table a set of equal-length columns, every
/// dataset with its units (docs/results.md).
void write_metrics(Hdf5Writer& file, const analysis::RunMetrics& metrics, const MetricUnits& units);

/// /metrics/facts: the market's stylised facts and its realism bands, which write_metrics writes
/// last when RunMetrics::realism is set (/metrics must exist).
void write_metrics_facts(Hdf5Writer& file, const analysis::MarketRealism& realism);

/// Writes the same metrics, under the same names, as the value of a JSON object key (the
/// "metrics" object of summary.json). Undefined figures (NaN) are null.
void write_metrics_json(JsonWriter& json, const analysis::RunMetrics& metrics);

}  // namespace lmsim::sim::io
