#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <optional>

#include <toml++/toml.h>

#include "sim/app/simulate.hpp"
#include "sim/io/sweep_files.hpp"
#include "sim/io/sweep_spec.hpp"

namespace lmsim::sim::app {

// A sweep: a scenario run at every point of a grid of key values, several times at each point
// (replicates), each run reduced to its headline metrics (analysis/headline_metrics.hpp).
//
// Common random numbers: replicate r runs with the same seed at every grid point — the seed
// derived from the scenario's seed and r — so the difference between two points is not seed
// noise (docs/sweeps.md). Runs are independent and deterministic, so a sweep's results are the
// same whatever order they run in, on however many threads and MPI ranks.

/// What a sweep runs: a scenario document read once, the overrides every run gets, the grid and
/// the replicates.
struct SweepPlan {
  std::string scenario_path;
  toml::table document;                // the scenario file, parsed
  std::vector<std::string> overrides;  // --set/--seed, applied to every run first
  std::vector<io::SweepAxis> axes;     // the grid is their product, the last axis fastest
  int replicates = 1;
  std::uint64_t base_seed = 1;  // the scenario's sim.seed (after the overrides)

  std::size_t points() const;
  std::size_t runs() const { return points() * static_cast<std::size_t>(replicates); }
  /// The value (TOML text) of each axis at `point`.
  std::vector<std::string> point_values(std::size_t point) const;
  /// The seed of replicate `replicate`: the same at every point.
  std::uint64_t replicate_seed(int replicate) const;
  /// Every override of one run: the plan's, the point's values, then its replicate's seed.
  std::vector<std::string> run_overrides(std::size_t point, int replicate) const;
  /// The same for axis values given directly (one per axis, TOML text).
  std::vector<std::string> overrides_for(const std::vector<std::string>& values,
                                         int replicate) const;
  /// A canonical text of the whole plan (the scenario file, overrides, grid, replicates): what
  /// a resumed sweep must match.
  std::string text() const;
};

/// Builds a plan: reads the scenario file once, takes the grid and replicates from `axes` and
/// `replicates` (when given) or from the file's [sweep] table, and checks up front that every
/// axis names a key the scenario reads and every value has the key's type — an error there is
/// an InputError naming the --grid argument (nothing is run). A value out of range is not an
/// error here: that point's runs fail and are reported with their point.
SweepPlan make_sweep_plan(const std::string& scenario_path, std::vector<std::string> overrides,
                          std::vector<io::SweepAxis> axes, std::optional<int> replicates);

using io::SweepResult;
using io::SweepRun;

/// What a sweep reports as it goes (on the rank that writes the results).
struct SweepProgressUpdate {
  std::size_t done = 0;
  std::size_t total = 0;
  double elapsed_seconds = 0.0;
  double slowest_seconds = 0.0;
  std::size_t slowest_point = 0;
};

/// Where the runs of a sweep are computed: this process alone, or the ranks of an MPI job,
/// each running a deterministic share (run i on rank i mod size) and rank 0 gathering.
class SweepCluster {
 public:
  virtual ~SweepCluster() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// Sends every rank's runs to rank 0, which returns them all merged into `runs` (each rank
  /// fills the runs of its share); other ranks return after sending.
  virtual void gather(std::vector<SweepRun>& runs) const = 0;
  /// Whether `error` on any rank: every rank learns of a fail-fast stop.
  virtual bool any(bool flag) const = 0;
};

/// The cluster of one process.
const SweepCluster& local_cluster();

struct SweepOptions {
  std::filesystem::path out_dir;
  int jobs = 1;            ///< threads per process
  bool keep_runs = false;  ///< also write each run's results.h5 and summary.json
  bool fail_fast = false;  ///< stop at the first failed run
  bool resume = false;     ///< continue an interrupted sweep in out_dir
  bool overwrite = false;  ///< replace a finished sweep or an interrupted one in out_dir
  const SweepCluster* cluster = nullptr;  ///< null: this process alone
  std::function<void(const SweepProgressUpdate&)> progress;
};

/// What the runs of a sweep or a tuning share: recorded markets read from their files once, and
/// baseline runs simulated once for every point that differs only in its campaign or its miners
/// (each replicate of a budget sweep simulates its baseline at the first point only).
struct SharedMarkets {
  RecordedMarkets recorded;
  BaselineMarkets baselines;
};

/// One run of a plan at the given axis values (TOML text, one per axis) and replicate, reduced to
/// `metric_names` (sweep_metric_names); a scenario error is a failed run with its message. With
/// `keep`, the whole run is handed back too. Thread-safe: runs share only `markets`.
SweepRun run_point(const SweepPlan& plan, const std::vector<std::string>& values, int replicate,
                   SharedMarkets& markets, const std::vector<std::string>& metric_names,
                   std::optional<SimulatedRun>* keep = nullptr);

/// The headline metrics a plan's runs report (their names depend on the reference sizes), with
/// their units when `units` is given.
std::vector<std::string> sweep_metric_names(const SweepPlan& plan,
                                            std::vector<std::string>* units = nullptr);

/// Runs task(0 … count − 1) on `jobs` threads (this one included), each index once.
void parallel_for(std::size_t count, int jobs, const std::function<void(std::size_t)>& task);

/// Runs every (point, replicate) of `plan` on `options.jobs` threads (and the cluster's ranks),
/// storing each finished run atomically in out_dir/.sweep-partial so that an interrupted sweep
/// resumes without rerunning it, then writes out_dir/sweep.h5 and out_dir/sweep.csv together
/// (rank 0 only). Throws InputError when out_dir holds a sweep already (without overwrite) or a
/// different interrupted one. Returns the result on rank 0 (empty elsewhere).
SweepResult run_sweep(const SweepPlan& plan, const SweepOptions& options);

}  // namespace lmsim::sim::app
