#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analysis/sweep_report.hpp"
#include "sim/io/sweep_spec.hpp"

namespace lmsim::sim::io {

/// The outcome of one run of a sweep.
struct SweepRun {
  bool ok = false;
  std::string error;            ///< why it failed (a located message)
  std::vector<double> metrics;  ///< headline metrics, in SweepResult::metric_names order
};

/// Every run of a sweep, point-major: run (point, replicate) is runs[point × replicates + r].
struct SweepResult {
  std::vector<std::string> metric_names;
  std::vector<std::string> metric_units;
  std::vector<SweepRun> runs;
};

/// What describes a sweep in its files besides the runs.
struct SweepDescription {
  std::string scenario_path;
  std::string scenario_text;  ///< the scenario file as read
  std::vector<std::string> overrides;
  std::vector<SweepAxis> axes;
  std::vector<std::vector<std::string>> point_values;  ///< per point, per axis (TOML text)
  int replicates = 1;
  std::vector<std::uint64_t> replicate_seeds;
  std::string plan_text;  ///< the canonical plan (what a resume must match)
};

/// One finished run as a line of text (status, then the metrics in shortest exact form, or the
/// error), so that a resumed sweep reads back exactly the numbers it wrote.
std::string sweep_run_text(const SweepRun& run);
/// The run `text` holds; nullopt when it is not a run's text (a torn write is never read: runs
/// are stored by rename).
std::optional<SweepRun> parse_sweep_run_text(const std::string& text, std::size_t metrics);

/// sweep.csv: one row per point — the axis values, then for each metric the number of runs that
/// defined it, their mean, sample standard deviation and 95% Student-t interval of the mean —
/// and the number of failed runs.
std::string sweep_csv(const SweepDescription& sweep, const SweepResult& result);

/// Writes sweep.h5 at `path` (docs/sweeps.md): the grid, every run's seed, status, error and
/// metrics, the per-point summaries of sweep_csv, and the provenance (scenario text, overrides,
/// plan, lmsim version). Equal sweeps give byte-identical files.
void write_sweep_h5(const std::filesystem::path& path, const SweepDescription& sweep,
                    const SweepResult& result);

/// The sweep file `lmsim sweep` and `lmsim tune` write in their directory.
inline constexpr const char* kSweepFileName = "sweep.h5";

/// Reads `directory`/sweep.h5 for the report. Throws Hdf5Error for a missing or malformed
/// dataset, InputError for a file that is not a sweep.
analysis::SweepData read_sweep_file(const std::string& directory);

}  // namespace lmsim::sim::io
