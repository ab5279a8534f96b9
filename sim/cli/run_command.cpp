#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "sim/campaign_config.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/command_line.hpp"
#include "sim/gnuplot_runner.hpp"
#include "sim/metrics_export.hpp"
#include "sim/report_builder.hpp"
#include "sim/result_files.hpp"
#include "sim/run_recorder.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/score_export.hpp"
#include "sim/simulation.hpp"

namespace lmsim::cli {

namespace po = boost::program_options;

namespace {

constexpr const char* kRunHelp =
    R"(usage: lmsim run SCENARIO.toml [--out DIR] [--seed N] [--set KEY.PATH=VALUE]... [--force]

Runs a scenario: a synthetic order-book market with its background population, the
miners of [[miners]] quoting into it, and the [campaign] scoring a snapshot at a random
instant of every snapshot interval. Writes DIR/results.h5 (every snapshot, pool and
allocation, per-miner results, the market series; schema in docs/results.md) and
DIR/summary.json, and prints a summary table. The same scenario and seed always give
byte-identical files. Scenario keys: docs/scenario.md.

Options)";

/// Shows progress on stderr when it is a terminal and the run takes more than a moment. The
/// wall clock is read here only, never written to results.
class ProgressObserver final : public sim::RunObserver {
 public:
  ProgressObserver() : started_(Clock::now()), enabled_(::isatty(2) == 1) {}
  ~ProgressObserver() override {
    if (shown_) std::cerr << "\r" << std::string(40, ' ') << "\r" << std::flush;
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
  options.add_options()("help,h", "show this help")(
      "out", po::value(&out_dir)->value_name("DIR"),
      "directory for results.h5 and summary.json (default: out/<scenario name>)")(
      "seed", po::value<std::uint64_t>()->value_name("N"), "master seed (replaces sim.seed)")(
      "set", po::value(&overrides)->value_name("KEY.PATH=VALUE")->composing(),
      "override one scenario key, e.g. --set sim.duration=\"1h\" --set miners[0].bid_spread=0.2; "
      "repeatable; the run records the effective scenario")(
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
  if (values.count("seed"))
    overrides.push_back("sim.seed=" + std::to_string(values["seed"].as<std::uint64_t>()));
  if (out_dir.empty()) out_dir = "out/" + std::filesystem::path(scenario_path).stem().string();

  const bool export_inputs = values.count("export-score-inputs") > 0;
  std::vector<std::string> files{"results.h5", "summary.json"};
  if (export_inputs) files.insert(files.end(), {"campaign.toml", "snapshots.csv", "orders.csv"});

  const bool report = values.count("report") > 0;
  // A missing gnuplot must stop the command before a long run, not after it.
  if (report) sim::GnuplotRunner::find();
  const sim::Scenario scenario = sim::load_scenario(scenario_path, overrides);
  sim::ResultFiles results(out_dir, files, values.count("force") > 0);
  sim::Simulation simulation(scenario);
  sim::RunRecorder recorder(results.staging_path("results.h5"), scenario,
                            simulation.miners().size());
  sim::ObserverFanout observers;
  observers.add(recorder);
  std::optional<sim::ScoreExporter> exporter;
  if (export_inputs) {
    std::vector<std::string> names(simulation.miners().size());
    for (std::size_t miner = 0; miner < names.size(); ++miner) {
      names[simulation.ledger_id(miner)] = simulation.miners()[miner].name;
    }
    exporter.emplace(results.staging_path("snapshots.csv"), results.staging_path("orders.csv"),
                     scenario.market.spec.pair, std::move(names));
    observers.add(*exporter);
    results.write("campaign.toml", sim::campaign_to_toml(scenario.campaign));
  }
  {
    ProgressObserver progress;
    observers.add(progress);
    simulation.run(observers);
  }
  if (exporter) exporter->close();
  if (scenario.analysis.baseline && !values.count("no-baseline")) {
    sim::Scenario baseline = scenario;
    baseline.miners.clear();
    recorder.run_baseline(baseline);
  }
  recorder.finish(simulation);
  const analysis::RunMetrics metrics =
      sim::add_metrics_to_results(results.staging_path("results.h5"));
  const auto miners = sim::miner_results(scenario, simulation);
  results.write("summary.json", sim::run_summary_json(scenario, simulation, miners, &metrics));
  results.commit();
  std::cout << sim::run_table(scenario, simulation, miners);
  std::cout << "\nwrote";
  for (const std::string& file : files) std::cout << " " << (results.directory() / file).string();
  if (report) {
    std::cout
        << " "
        << sim::write_run_report(results.directory().string(), values.count("force") > 0).string();
  }
  std::cout << "\n";
  return kExitOk;
}

}  // namespace lmsim::cli
