#pragma once

#include <string>
#include <vector>

#include "analysis/market_realism.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/json_writer.hpp"

namespace lmsim::sim::io {

// The stylised facts of a market as text, JSON and HDF5 (`lmsim facts`, summary.json's and
// results.h5's /metrics/facts, `lmsim calibrate`'s table): every fact by its flatten_facts name
// with its value, bootstrap standard error and 95% interval, and the realism bands
// (docs/facts.md).

/// One market in a facts table: a heading and its facts.
struct FactsColumn {
  std::string label;
  const analysis::MarketRealism* realism = nullptr;
};

/// The facts of one or more markets side by side: a row per fact (with `all`, every one; else
/// the absolute-return autocorrelations only at lags 1, 2, 5, 10, 20, 30 and 60 and the depth of
/// both sides added), each market's value and 95% interval. Headed by each market's window,
/// samples and trades.
std::string facts_table(const std::vector<FactsColumn>& columns, bool all);

/// The realism bands as a table: band, value, range, holds / fails.
std::string realism_bands_table(const std::vector<analysis::RealismBand>& bands);

/// The facts as a JSON object: {"window": {...}, "facts": {name: {"value", "standard_error",
/// "ci_low", "ci_high"}}, "bands": [{...}]}. NaN is null.
void write_facts_json(JsonWriter& json, const analysis::MarketRealism& realism,
                      const std::vector<analysis::RealismBand>& bands);

/// The facts into `group` of an HDF5 file (results.h5's /metrics/facts): the columns name,
/// value, standard_error, ci_low and ci_high, the window as attributes, and the bands as the
/// group `bands` (name, rule, value, low, high, holds).
void write_facts_hdf5(Hdf5Writer& file, const std::string& group,
                      const analysis::MarketRealism& realism,
                      const std::vector<analysis::RealismBand>& bands);

}  // namespace lmsim::sim::io
