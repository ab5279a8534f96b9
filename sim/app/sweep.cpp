#include "sim/app/sweep.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "analysis/headline_metrics.hpp"
#include "sim/app/simulate.hpp"
#include "sim/core/random_stream.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/result_files.hpp"
#include "sim/io/results_file.hpp"
#include "sim/io/run_summary.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/io/toml_table_reader.hpp"
#include "sim/io/toml_text.hpp"

namespace lmsim::sim::app {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPartialDirectory = ".sweep-partial";
constexpr const char* kPlanFile = "plan.txt";

/// What fails at every point alike is a mistake in the grid itself: an unknown key or a value
/// of the wrong type. Anything else (a value out of range) fails only the points that hold it.
bool is_grid_mistake(const io::InputError& error) {
  const std::string& problem = error.problem();
  return problem.starts_with("unknown key") || problem.starts_with("expected ") ||
         problem.find(" is not a table") != std::string::npos ||
         problem.find("has no table at index") != std::string::npos;
}

class LocalCluster final : public SweepCluster {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void gather(std::vector<SweepRun>&) const override {}
  bool any(bool flag) const override { return flag; }
};

/// The finished runs of an interrupted sweep, stored one file per run (by rename: a run is there
/// whole or not at all) beside the plan they belong to.
class RunJournal {
 public:
  RunJournal(fs::path directory, std::size_t metrics)
      : directory_(std::move(directory)), metrics_(metrics) {}

  /// Prepares the journal of `plan_text`: resumes a matching one (when `resume`), starts a new
  /// one otherwise. Throws InputError for a journal of another sweep (unless `overwrite`).
  void open(const std::string& plan_text, bool resume, bool overwrite) {
    const fs::path plan = directory_ / kPlanFile;
    std::error_code error;
    if (fs::exists(plan, error)) {
      std::ifstream in(plan);
      std::stringstream text;
      text << in.rdbuf();
      if (text.str() == plan_text && resume) return;
      if (!overwrite) {
        throw io::InputError(
            {directory_.parent_path().string(), 0, 0, ""},
            text.str() == plan_text
                ? "holds an interrupted run of this sweep: --resume continues it, --force "
                  "starts over"
                : "holds an interrupted run of another sweep (--force starts over)");
      }
    }
    fs::remove_all(directory_, error);
    fs::create_directories(directory_);
    write_atomically(plan, plan_text);
  }

  std::optional<SweepRun> load(std::size_t run) const {
    std::ifstream in(path(run));
    if (!in) return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    return io::parse_sweep_run_text(text.str(), metrics_);
  }

  void store(std::size_t run, const SweepRun& outcome) const {
    write_atomically(path(run), io::sweep_run_text(outcome));
  }

  void remove() const {
    std::error_code error;
    fs::remove_all(directory_, error);
  }

 private:
  fs::path path(std::size_t run) const { return directory_ / ("run-" + std::to_string(run)); }

  static void write_atomically(const fs::path& path, const std::string& text) {
    const fs::path staging = path.string() + ".tmp-" + std::to_string(::getpid());
    {
      std::ofstream out(staging, std::ios::binary);
      out << text;
      out.flush();
      if (!out) {
        throw io::InputError({staging.string(), 0, 0, ""}, "cannot write the sweep's progress");
      }
    }
    fs::rename(staging, path);
  }

  fs::path directory_;
  std::size_t metrics_;
};

/// The scenario of one run.
Scenario run_scenario_of(const SweepPlan& plan, const std::vector<std::string>& values,
                         int replicate) {
  return io::scenario_from_document(plan.document, plan.scenario_path,
                                    plan.overrides_for(values, replicate));
}

}  // namespace

SweepRun run_point(const SweepPlan& plan, const std::vector<std::string>& values, int replicate,
                   SharedMarkets& markets, const std::vector<std::string>& metric_names,
                   std::optional<SimulatedRun>* keep) {
  SweepRun outcome;
  try {
    const Scenario scenario = run_scenario_of(plan, values, replicate);
    SimulateOptions simulate_options;
    simulate_options.baseline = scenario.analysis.baseline;
    simulate_options.markets = &markets.recorded;
    simulate_options.baselines = &markets.baselines;
    simulate_options.threads_beside = false;  // the sweep's threads keep the cores busy
    simulate_options.market_facts = false;    // a sweep reports headline metrics only
    SimulatedRun simulated = simulate(scenario, simulate_options);
    const auto metrics = analysis::headline_metrics(simulated.metrics);
    if (metrics.size() != metric_names.size()) {
      return SweepRun{false,
                      "its metrics differ from point 0's (the grid changes "
                      "analysis.reference_order_sizes)",
                      {}};
    }
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      if (metrics[i].name != metric_names[i]) {
        return SweepRun{false,
                        "its metrics differ from point 0's (the grid changes "
                        "analysis.reference_order_sizes)",
                        {}};
      }
      outcome.metrics.push_back(metrics[i].value);
    }
    outcome.ok = true;
    if (keep != nullptr) keep->emplace(std::move(simulated));
  } catch (const io::InputError& error) {
    outcome = SweepRun{false, error.what(), {}};
  } catch (const io::Hdf5Error& error) {
    outcome = SweepRun{false, error.what(), {}};
  }
  return outcome;
}

std::vector<std::string> sweep_metric_names(const SweepPlan& plan,
                                            std::vector<std::string>* units) {
  const Scenario first = run_scenario_of(plan, plan.point_values(0), 0);
  analysis::RunMetrics empty;
  empty.liquidity.reference_sizes = first.analysis.reference_order_sizes;
  std::vector<std::string> names;
  for (const auto& metric : analysis::headline_metrics(empty)) {
    names.push_back(metric.name);
    if (units != nullptr) units->push_back(metric.unit);
  }
  return names;
}

void parallel_for(std::size_t count, int jobs, const std::function<void(std::size_t)>& task) {
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t index; (index = next.fetch_add(1)) < count;) task(index);
  };
  const int threads = std::max(1, std::min<int>(jobs, static_cast<int>(count)));
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
}

const SweepCluster& local_cluster() {
  static const LocalCluster cluster;
  return cluster;
}

std::size_t SweepPlan::points() const {
  std::size_t count = 1;
  for (const io::SweepAxis& axis : axes) count *= axis.values.size();
  return count;
}

std::vector<std::string> SweepPlan::point_values(std::size_t point) const {
  std::vector<std::string> values(axes.size());
  for (std::size_t i = axes.size(); i-- > 0;) {
    values[i] = axes[i].values[point % axes[i].values.size()];
    point /= axes[i].values.size();
  }
  return values;
}

std::uint64_t SweepPlan::replicate_seed(int replicate) const {
  // 63 bits: a seed is a TOML integer (signed 64-bit) in the scenario each run reads.
  return derive_seed(base_seed, "replicate/" + std::to_string(replicate)) >> 1;
}

std::vector<std::string> SweepPlan::run_overrides(std::size_t point, int replicate) const {
  return overrides_for(point_values(point), replicate);
}

std::vector<std::string> SweepPlan::overrides_for(const std::vector<std::string>& values,
                                                  int replicate) const {
  std::vector<std::string> result = overrides;
  for (std::size_t i = 0; i < axes.size(); ++i) result.push_back(axes[i].key + "=" + values[i]);
  // Last, so that a grid over sim.seed cannot break common random numbers by accident.
  result.push_back("sim.seed=" + std::to_string(replicate_seed(replicate)));
  return result;
}

std::string SweepPlan::text() const {
  std::string text = "scenario " + scenario_path + "\n" + io::toml_document_text(document);
  for (const std::string& value : overrides) text += "set " + value + "\n";
  for (const io::SweepAxis& axis : axes) {
    text += "grid " + axis.key;
    for (const std::string& value : axis.values) text += " " + value;
    text += "\n";
  }
  return text + "replicates " + std::to_string(replicates) + "\n";
}

SweepPlan make_sweep_plan(const std::string& scenario_path, std::vector<std::string> overrides,
                          std::vector<io::SweepAxis> axes, std::optional<int> replicates) {
  SweepPlan plan;
  plan.scenario_path = scenario_path;
  plan.document = io::parse_toml_file(scenario_path);
  plan.overrides = std::move(overrides);
  const io::SweepTable table = io::read_sweep_table(plan.document, scenario_path);
  plan.axes = axes.empty() ? table.axes : std::move(axes);
  plan.replicates = replicates.value_or(table.replicates.value_or(1));
  if (plan.replicates < 1) {
    throw io::InputError({"--replicates", 0, 0, ""},
                         "must be at least 1 (got " + std::to_string(plan.replicates) + ")");
  }
  if (plan.axes.empty()) {
    throw io::InputError({scenario_path, 0, 0, ""},
                         "nothing to sweep: give --grid KEY=VALUES or a [sweep] grid");
  }
  for (std::size_t i = 0; i < plan.axes.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (plan.axes[i].key == plan.axes[j].key) {
        throw io::InputError({plan.axes[i].source, 0, 0, ""},
                             "the key " + plan.axes[i].key + " is swept twice");
      }
    }
  }
  // The scenario as every run gets it, then each axis value alone on top of it: a key the
  // scenario does not read or a value of the wrong type is the grid's mistake, reported now.
  const Scenario base = io::scenario_from_document(plan.document, scenario_path, plan.overrides);
  plan.base_seed = base.sim.seed;
  for (const io::SweepAxis& axis : plan.axes) {
    for (const std::string& value : axis.values) {
      std::vector<std::string> trial = plan.overrides;
      trial.push_back(axis.key + "=" + value);
      try {
        (void)io::scenario_from_document(plan.document, scenario_path, trial);
      } catch (const io::InputError& error) {
        if (is_grid_mistake(error)) {
          throw io::InputError({axis.source, 0, 0, ""},
                               "value " + value + ": " + std::string(error.what()));
        }
      }
    }
  }
  return plan;
}

SweepResult run_sweep(const SweepPlan& plan, const SweepOptions& options) {
  const SweepCluster& cluster = options.cluster ? *options.cluster : local_cluster();
  const bool writer = cluster.rank() == 0;
  const std::size_t total = plan.runs();
  const auto replicates = static_cast<std::size_t>(plan.replicates);

  // The metrics every run reports: the names depend on the reference sizes, which the grid may
  // change — runs whose names differ from point 0's fail with the reason.
  const Scenario first = run_scenario_of(plan, plan.point_values(0), 0);
  SweepResult result;
  result.metric_names = sweep_metric_names(plan, &result.metric_units);
  result.runs.resize(total);

  std::optional<io::ResultFileSet> files;
  if (writer) {
    files.emplace(options.out_dir, std::vector<std::string>{"sweep.h5", "sweep.csv"},
                  options.overwrite);
  }
  RunJournal journal(options.out_dir / kPartialDirectory, result.metric_names.size());
  if (writer) journal.open(plan.text(), options.resume, options.overwrite);
  (void)cluster.any(false);  // every rank waits for the journal to be ready

  // Recorded markets are read once, here, and replayed from memory by every run.
  SharedMarkets markets;
  if (first.market.replay) (void)markets.recorded.open(first);

  std::vector<std::size_t> todo;
  std::vector<bool> mine(total, false);
  for (std::size_t run = 0; run < total; ++run) {
    if (run % static_cast<std::size_t>(cluster.size()) !=
        static_cast<std::size_t>(cluster.rank())) {
      continue;
    }
    mine[run] = true;
    if (options.resume) {
      if (auto stored = journal.load(run)) {
        result.runs[run] = std::move(*stored);
        continue;
      }
    }
    todo.push_back(run);
  }

  std::atomic<bool> stop{false};
  std::mutex report_mutex;  // progress, and the HDF5 library (not thread-safe) for kept runs
  const auto started = std::chrono::steady_clock::now();
  std::size_t done = total - todo.size();
  SweepProgressUpdate update;
  update.total = total;

  parallel_for(todo.size(), options.jobs, [&](std::size_t index) {
    if (stop.load()) return;
    const std::size_t run = todo[index];
    const std::size_t point = run / replicates;
    const int replicate = static_cast<int>(run % replicates);
    const auto run_started = std::chrono::steady_clock::now();
    std::optional<SimulatedRun> kept;
    SweepRun outcome = run_point(plan, plan.point_values(point), replicate, markets,
                                 result.metric_names, options.keep_runs ? &kept : nullptr);
    if (kept) {
      // The HDF5 library is not thread-safe: one thread writes at a time.
      const std::lock_guard<std::mutex> lock(report_mutex);
      io::ResultDirectory files_of_run(
          options.out_dir / "runs" /
              ("p" + std::to_string(point) + "-r" + std::to_string(replicate)),
          {"results.h5", "summary.json"}, true);
      io::write_results(files_of_run.staging_path("results.h5"), kept->run, &kept->metrics);
      files_of_run.write("summary.json", io::run_summary_json(kept->run, kept->metrics));
      files_of_run.commit();
    }
    if (!outcome.ok) {
      outcome.error = "point " + std::to_string(point) + " replicate " + std::to_string(replicate) +
                      ": " + outcome.error;
    }
    journal.store(run, outcome);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - run_started).count();
    const bool failed = !outcome.ok;
    result.runs[run] = std::move(outcome);
    if (failed && options.fail_fast) stop.store(true);
    const std::lock_guard<std::mutex> lock(report_mutex);
    ++done;
    if (seconds > update.slowest_seconds) {
      update.slowest_seconds = seconds;
      update.slowest_point = point;
    }
    if (writer && options.progress) {
      update.done = done;
      update.elapsed_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      options.progress(update);
    }
  });

  if (cluster.any(stop.load())) {
    std::string first_error;
    for (std::size_t run = 0; run < total; ++run) {
      if (mine[run] && !result.runs[run].ok && !result.runs[run].error.empty()) {
        first_error = result.runs[run].error;
        break;
      }
    }
    throw io::InputError({options.out_dir.string(), 0, 0, ""},
                         "stopped at a failed run (--fail-fast); finished runs are kept for "
                         "--resume" +
                             (first_error.empty() ? std::string() : ": " + first_error));
  }
  cluster.gather(result.runs);
  if (!writer) return {};

  io::SweepDescription description;
  description.scenario_path = plan.scenario_path;
  {
    std::ifstream in(plan.scenario_path);
    std::stringstream text;
    text << in.rdbuf();
    description.scenario_text = text.str();
  }
  description.overrides = plan.overrides;
  description.axes = plan.axes;
  for (std::size_t point = 0; point < plan.points(); ++point) {
    description.point_values.push_back(plan.point_values(point));
  }
  description.replicates = plan.replicates;
  for (int r = 0; r < plan.replicates; ++r)
    description.replicate_seeds.push_back(plan.replicate_seed(r));
  description.plan_text = plan.text();
  io::write_sweep_h5(files->staging_path("sweep.h5"), description, result);
  files->write("sweep.csv", io::sweep_csv(description, result));
  files->commit();
  journal.remove();
  return result;
}

}  // namespace lmsim::sim::app
