#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "sim/app/gnuplot_runner.hpp"
#include "sim/app/report_builder.hpp"
#include "sim/app/run_scenario.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/command_line.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::cli {

namespace po = boost::program_options;

namespace {

constexpr const char* kRunHelp =
    R"(usage: lmsim run SCENARIO.toml [--out DIR] [--seed N] [--set KEY.PATH=VALUE]...
                 [--also-score RULE,...] [--force]

Runs a scenario: a synthetic order-book market with its background population, the
miners of [[miners]] quoting into it, and the [campaign] scoring a snapshot at a random
instant of every snapshot interval. Writes DIR/results.h5 (every snapshot, pool and
allocation, per-miner results, the market series; schema in docs/results.md) and
DIR/summary.json, and prints a summary table. The same scenario and seed always give
byte-identical files. Scenario keys: docs/scenario.md. Further rules can score the same
run ([[campaign.also_score]] or --also-score; rules: docs/scoring.md).

Options)";

/// Shows progress on stderr when it is a terminal and the run takes more than a moment. The
/// wall clock is read here only, never written to results.
class ProgressObserver final : public sim::RunObserver {
 public:
  ProgressObserver() : started_(Clock::now()), enabled_(::isatty(2) == 1) {}
  ~ProgressObserver() override { clear(); }

  void on_sample(const sim::MarketSample&) override {}
  void on_snapshot(const sim::SnapshotObservation&) override {}
  void on_miner_fill(const sim::MinerFillRecord&) override {}
  void on_fill_markout(const sim::FillMarkoutRecord&) override {}
  void on_baseline_sample(const sim::MarketSample&) override {}

  /// Removes the progress line, if one was shown.
  void clear() {
    if (shown_) std::cerr << "\r" << std::string(40, ' ') << "\r" << std::flush;
    shown_ = false;
  }

  void on_progress(double fraction) override {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (now - started_ < std::chrono::seconds(2) || now - last_ < std::chrono::milliseconds(200))
      return;
    last_ = now;
    shown_ = true;
    std::fprintf(stderr, "\rlmsim run: %5.1f%% simulated", 100.0 * fraction);
    std::fflush(stderr);
  }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point started_;
  Clock::time_point last_{};
  bool enabled_;
  bool shown_ = false;
};

}  // namespace

int run_command(const std::vector<std::string>& args) {
  po::options_description options(kRunHelp);
  std::string out_dir;
  std::vector<std::string> overrides;
  std::vector<std::string> also_score;
  options.add_options()("help,h", "show this help")(
      "out", po::value(&out_dir)->value_name("DIR"),
      "directory for results.h5 and summary.json (default: out/<scenario name>)")(
      "seed", po::value<std::string>()->value_name("N"),
      "master seed, a whole number from 0 to 2^63 - 1 (replaces sim.seed)")(
      "set", po::value(&overrides)->value_name("KEY.PATH=VALUE")->composing(),
      "override one scenario key, e.g. --set sim.duration=\"1h\" --set miners[0].bid_spread=0.2; "
      "repeatable; the run records the effective scenario")(
      "also-score", po::value(&also_score)->value_name("RULE,...")->composing(),
      "also score the run with these rules (their keys at their defaults; a [[campaign."
      "also_score]] table each, recorded in the effective scenario): the same snapshots and "
      "fills, each rule's totals in results.h5 /rules/RULE and summary.json \"rules\"")(
      "export-score-inputs",
      "also write DIR/campaign.toml, DIR/snapshots.csv and DIR/orders.csv: the run's snapshots "
      "in 'lmsim score' input formats (scoring them reproduces the run's allocations)")(
      "no-baseline",
      "skip the second run without miners that measures the liquidity the campaign bought "
      "(also: [analysis] baseline = false)")(
      "report", "also write DIR/report.html, as 'lmsim report DIR' would (needs gnuplot)")(
      "force", "replace results already present in DIR");
  std::vector<std::string> positionals;
  const auto parsed = parse_command_line(args, options, positionals, 1);
  if (!parsed) return kExitOk;
  const po::variables_map& values = *parsed;
  if (positionals.empty()) throw po::error("a scenario file is required");
  const std::string scenario_path = positionals[0];
  if (values.count("seed")) {
    const std::string seed = values["seed"].as<std::string>();
    const std::optional<std::int64_t> number = sim::io::parse_integer(seed);
    if (!number || *number < 0) {
      throw sim::io::InputError({"", 0, 0, "--seed"},
                                "expected a whole number from 0 to 9223372036854775807 (got " +
                                    sim::io::quoted(seed) + ")");
    }
    overrides.push_back("sim.seed=" + std::to_string(*number));
  }
  if (out_dir.empty()) out_dir = "out/" + std::filesystem::path(scenario_path).stem().string();

  const bool report = values.count("report") > 0;
  // A missing gnuplot must stop the command before a long run, not after it.
  if (report) sim::app::GnuplotRunner::find();
  const sim::Scenario scenario =
      sim::io::load_scenario(scenario_path, overrides, sim::builtin_registries(),
                             comma_separated(also_score, "also-score"));
  ProgressObserver progress;
  sim::app::RunRequest request;
  request.out_dir = out_dir;
  request.overwrite = values.count("force") > 0;
  request.export_score_inputs = values.count("export-score-inputs") > 0;
  request.baseline = scenario.analysis.baseline && !values.count("no-baseline");
  request.progress = &progress;
  const sim::app::RunOutcome outcome = sim::app::run_scenario(scenario, request);
  progress.clear();
  std::cout << outcome.table;
  std::cout << "\nwrote";
  for (const auto& file : outcome.files) std::cout << " " << file.string();
  if (report) {
    std::cout << " " << sim::app::write_run_report(out_dir, values.count("force") > 0).string();
  }
  std::cout << "\n";
  return kExitOk;
}

}  // namespace lmsim::cli
