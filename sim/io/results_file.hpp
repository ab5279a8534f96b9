#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "analysis/run_data.hpp"
#include "analysis/run_metrics.hpp"
#include "sim/io/precompressed_chunks.hpp"

namespace lmsim::sim::io {

/// The results file `lmsim run` writes into its run directory.
inline constexpr const char* kResultsFileName = "results.h5";

/// Writes `run` as results.h5 at `path` (docs/results.md; every dataset of results_schema.hpp,
/// with units) and, when given, its metrics under /metrics. The per-sample and per-snapshot
/// datasets are compressed. Equal runs give byte-identical files (no wall-clock value is
/// stored). Throws Hdf5Error naming the file when writing fails (a full disk, say).
void write_results(const std::filesystem::path& path, const analysis::RunData& run,
                   const analysis::RunMetrics* metrics);

/// write_results with the metrics computed by `compute_metrics` on a second thread while the
/// run's data is written and compressed (the HDF5 library is called from this thread only), then
/// written under /metrics; returns them. The file is byte-identical to write_results with the
/// same metrics. An exception from any side is rethrown here, after all have stopped.
/// Datasets found in `precompressed` (when given) are written from its chunks.
/// With `compute_realism`, the market's stylised facts (usually the longest part) are measured on
/// a third thread, started first, and `compute_metrics` must leave RunMetrics::realism empty: the
/// rest of /metrics is written while the facts are still measured, and /metrics/facts, which
/// comes last in the file either way, once they are ready. The returned metrics hold them.
analysis::RunMetrics write_results_computing_metrics(
    const std::filesystem::path& path, const analysis::RunData& run,
    const std::function<analysis::RunMetrics()>& compute_metrics,
    const PrecompressedChunks* precompressed = nullptr,
    const std::function<analysis::MarketRealism()>& compute_realism = {});

/// The chunks of the baseline market's datasets (/baseline/market) as write_results compresses
/// them, compressed now on up to `threads` threads: for a run whose baseline finishes before the
/// run itself (run_scenario compresses them on the baseline's thread). `baseline` must stay in
/// place, unchanged, until the file is written (PrecompressedChunks::add).
PrecompressedChunks precompress_baseline_market(const analysis::MarketSeries& baseline,
                                                unsigned threads);

/// Follows the columns of the run's market (/market) with `columns` while the run appends to
/// `market` (its series and trade tape), so that their complete chunks are compressed as the run
/// goes (GrowingColumns; the matrices are left to the writer).
void follow_run_market(GrowingColumns& columns, const analysis::MarketSeries& market);

/// Whether reading a results file checksums it and the data files its scenario names.
enum class ProvenanceChecksums { kCompute, kSkip };

/// Reads one results.h5 at `path` into RunData (run_directory: the file's directory):
/// - every dataset of results_schema.hpp, whose lengths must agree (a table's columns, the
///   per-miner matrices with the snapshots and the miners, fill miner indices in range);
/// - the campaign and the miners' starting balances from the effective scenario the file embeds,
///   read by the same code as `lmsim run` (so defaults are the ones the run used);
/// - with kCompute, the SHA-256 of the file and, for a market read from files, each data file
///   the scenario names with its SHA-256 (resolved against the scenario's directory, then the
///   working directory; a file that cannot be read is listed with why);
/// - the effective scenario flattened key by key (flatten_scenario).
/// Throws InputError for a file whose schema_version is missing or not this lmsim's, or whose
/// embedded scenario this lmsim cannot read; Hdf5Error (`results.h5: /path: problem`) for a
/// missing dataset, one of the wrong type or of the wrong length.
analysis::RunData read_results_file(const std::string& path, ProvenanceChecksums checksums);

/// Checks that `run_directory` is a directory holding a results.h5, without reading it, so that
/// a wrong argument is reported before any work. Throws InputError:
/// `DIR: no such run directory`, `DIR: not a directory`, or
/// `DIR: not an lmsim run directory (no results.h5; 'lmsim run SCENARIO --out DIR' makes one)`.
void check_run_directory(const std::string& run_directory);

/// Reads what one `lmsim run` recorded in `run_directory` (check_run_directory, then
/// read_results_file with checksums).
analysis::RunData load_run_data(const std::string& run_directory);

/// Flattens a TOML document into one entry per leaf value, keys as dotted paths with arrays of
/// tables indexed (`miners[1].bid_spread`), values as TOML text with floats in their shortest
/// exact form (`0.05`, not `0.050000000000000003`); arrays of values stay one entry
/// (`[1.0, 10.0]`). Sorted with analysis::scenario_key_less.
std::vector<analysis::ScenarioEntry> flatten_scenario(const toml::table& root);

}  // namespace lmsim::sim::io
