#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "analysis/run_data.hpp"

namespace lmsim::sim::io {

/// The results file `lmsim run` writes into its run directory.
inline constexpr const char* kResultsFileName = "results.h5";

/// Checks that `run_directory` is a directory holding a results.h5, without reading it, so that
/// a wrong argument is reported before any work. Throws InputError:
/// `DIR: no such run directory`, `DIR: not a directory`, or
/// `DIR: not an lmsim run directory (no results.h5; 'lmsim run SCENARIO --out DIR' makes one)`.
void check_run_directory(const std::string& run_directory);

/// Reads what one `lmsim run` recorded in `run_directory` (results.h5, docs/results.md) into the
/// plain structs the report metrics work on (analysis/run_data.hpp):
/// - every dataset the metrics use, whole (a week of one-second market samples is ~100 MB);
/// - the campaign and the miners' starting balances from the effective scenario the file embeds,
///   read by the same code as `lmsim run` (so defaults are the ones the run used); each account
///   gets the balances of its `[[miners]]` group (/miners/group);
/// - the epochs of the simulated market only (a campaign may budget other markets too);
/// - provenance: the root attributes, the SHA-256 of results.h5, and, for a market read from
///   files, each data file the scenario names with its SHA-256 (resolved against the scenario's
///   directory, then the working directory; a file that cannot be read is listed with why);
/// - the effective scenario flattened key by key (flatten_scenario).
/// Throws InputError for a directory that is not a run directory (check_run_directory), a file
/// whose schema_version is missing or not 1, or an embedded scenario this lmsim cannot read;
/// Hdf5Error (`results.h5: /path: problem`) for a missing dataset or one of the wrong type.
analysis::RunData load_run_data(const std::string& run_directory);

/// Whether reading a results file checksums it and the data files its scenario names.
enum class ProvenanceChecksums { kCompute, kSkip };

/// Reads one results.h5 at `path` as load_run_data does (run_directory: the file's directory).
/// With kSkip, results_sha256 stays empty and data_files are not listed: what `lmsim run` uses
/// to compute a run's metrics from the file it has just written.
analysis::RunData read_results_file(const std::string& path, ProvenanceChecksums checksums);

/// Flattens a TOML document into one entry per leaf value, keys as dotted paths with arrays of
/// tables indexed (`miners[1].bid_spread`), values as TOML text with floats in their shortest
/// exact form (`0.05`, not `0.050000000000000003`); arrays of values stay one entry
/// (`[1.0, 10.0]`). Sorted with analysis::scenario_key_less.
std::vector<analysis::ScenarioEntry> flatten_scenario(const toml::table& root);

}  // namespace lmsim::sim::io
