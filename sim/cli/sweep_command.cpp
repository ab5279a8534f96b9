#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <thread>

#include "sim/app/mpi_cluster.hpp"
#include "sim/app/sweep.hpp"
#include "sim/cli/allocation_policy.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/command_line.hpp"
#include "sim/io/input_error.hpp"

namespace lmsim::cli {

namespace po = boost::program_options;

namespace {

constexpr const char* kSweepHelp =
    R"(usage: lmsim sweep SCENARIO.toml --grid KEY=VALUES [--grid ...] [--replicates R]
                   [--jobs N] --out DIR [--keep-runs] [--fail-fast] [--resume] [--force]

Runs a scenario at every point of a grid of key values, R times at each point, and
writes DIR/sweep.h5 (every run's headline metrics) and DIR/sweep.csv (per point: the
mean, standard deviation and 95% confidence interval of each metric).

  --grid KEY=V1,V2,...        the values of one scenario key (any key --set takes,
  --grid KEY=LO:HI:STEPS      e.g. campaign.markets[0].budget); STEPS evenly spaced
  --grid KEY=log:LO:HI:STEPS  values from LO to HI, or spaced evenly in log. The grid
                              is the product of every --grid; a [sweep] table in the
                              scenario (grid = { KEY = [...] }, replicates) does the same.

Replicate r runs with the same seed at every point (common random numbers, derived
from the scenario's seed and r), so differences between points are not seed noise.
Results are byte-identical whatever --jobs and whatever the number of MPI ranks
(mpirun -n R lmsim sweep ...: ranks share the runs, rank 0 writes the files). A run
that fails (a value out of range at a point) is reported with its point and does not
stop the others unless --fail-fast. Finished runs are kept as they complete, so an
interrupted sweep continues with --resume. See docs/sweeps.md.

Options)";

/// A progress line on stderr when it is a terminal: runs done, ETA and the slowest run so far.
class ProgressBar {
 public:
  ProgressBar() : enabled_(::isatty(2) == 1) {}
  ~ProgressBar() { clear(); }

  void update(const sim::app::SweepProgressUpdate& update) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200) && update.done < update.total) return;
    last_ = now;
    const double fraction =
        update.total > 0 ? static_cast<double>(update.done) / static_cast<double>(update.total) : 1;
    const double eta = fraction > 0 ? update.elapsed_seconds * (1 - fraction) / fraction : 0;
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(std::lround(fraction * kWidth));
    std::fprintf(stderr, "\rlmsim sweep [%s%s] %zu/%zu runs, ETA %.0fs, slowest %.1fs (point %zu) ",
                 std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(), update.done,
                 update.total, eta, update.slowest_seconds, update.slowest_point);
    std::fflush(stderr);
    shown_ = true;
  }

  void clear() {
    if (shown_) std::cerr << "\r" << std::string(100, ' ') << "\r" << std::flush;
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace

int sweep_command(const std::vector<std::string>& args) {
  po::options_description options(kSweepHelp);
  std::string out_dir;
  std::vector<std::string> grids;
  std::vector<std::string> overrides;
  int jobs = 0;
  options.add_options()("help,h", "show this help")(
      "grid", po::value(&grids)->value_name("KEY=VALUES")->composing(),
      "a swept key and its values (repeatable)")(
      "replicates", po::value<int>()->value_name("R"),
      "runs per point, each with its own seed (default: the [sweep] table's, else 1)")(
      "jobs,j", po::value(&jobs)->value_name("N"), "threads (default: the machine's cores)")(
      "out", po::value(&out_dir)->value_name("DIR"),
      "directory for sweep.h5 and sweep.csv (required)")(
      "seed", po::value<std::int64_t>()->value_name("N"), "master seed (replaces sim.seed)")(
      "set", po::value(&overrides)->value_name("KEY.PATH=VALUE")->composing(),
      "override a scenario key for every run (repeatable)")(
      "keep-runs", "also write DIR/runs/p<point>-r<replicate>/results.h5 and summary.json")(
      "fail-fast", "stop at the first failed run")(
      "resume", "continue an interrupted sweep in DIR without rerunning its finished runs")(
      "force", "replace a sweep already in DIR, or an interrupted one");
  std::vector<std::string> positionals;
  const auto parsed = parse_command_line(args, options, positionals, 1);
  if (!parsed) return kExitOk;
  const po::variables_map& values = *parsed;
  if (positionals.empty()) throw po::error("a scenario file is required");
  if (out_dir.empty()) throw po::error("the option '--out' is required");
  if (values.count("seed")) {
    const auto seed = values["seed"].as<std::int64_t>();
    if (seed < 0)
      throw sim::io::InputError({"--seed", 0, 0, ""},
                                "must be >= 0 (got " + std::to_string(seed) + ")");
    overrides.push_back("sim.seed=" + std::to_string(seed));
  }
  std::optional<int> replicates;
  if (values.count("replicates")) {
    replicates = values["replicates"].as<int>();
    if (*replicates < 1 || *replicates > 100'000) {
      throw sim::io::InputError({"--replicates", 0, 0, ""},
                                "must be in [1, 100000] (got " + std::to_string(*replicates) + ")");
    }
  }
  if (values.count("jobs") && (jobs < 1 || jobs > 1024)) {
    throw sim::io::InputError({"--jobs", 0, 0, ""},
                              "must be in [1, 1024] (got " + std::to_string(jobs) + ")");
  }
  if (jobs == 0) jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  std::vector<sim::io::SweepAxis> axes;
  for (const std::string& grid : grids) axes.push_back(sim::io::parse_grid_argument(grid));
  const sim::app::SweepPlan plan =
      sim::app::make_sweep_plan(positionals[0], overrides, std::move(axes), replicates);
  const std::unique_ptr<sim::app::SweepCluster> cluster = sim::app::mpi_cluster();

  expect_many_runs();
  ProgressBar bar;
  sim::app::SweepOptions sweep;
  sweep.out_dir = out_dir;
  sweep.jobs = jobs;
  sweep.keep_runs = values.count("keep-runs") > 0;
  sweep.fail_fast = values.count("fail-fast") > 0;
  sweep.resume = values.count("resume") > 0;
  sweep.overwrite = values.count("force") > 0;
  sweep.cluster = cluster.get();
  sweep.progress = [&](const sim::app::SweepProgressUpdate& update) { bar.update(update); };
  const sim::app::SweepResult result = sim::app::run_sweep(plan, sweep);
  bar.clear();
  if (cluster && cluster->rank() != 0) return kExitOk;

  std::size_t failed = 0;
  for (const auto& run : result.runs) {
    if (run.ok) continue;
    if (++failed <= 10) std::cerr << "lmsim: warning: " << run.error << "\n";
  }
  std::cout << positionals[0] << ": " << plan.points() << " points x " << plan.replicates
            << " replicates = " << plan.runs() << " runs";
  if (failed > 0) std::cout << ", " << failed << " failed";
  std::cout << "\nwrote " << out_dir << "/sweep.h5 " << out_dir << "/sweep.csv\n";
  return kExitOk;
}

}  // namespace lmsim::cli
