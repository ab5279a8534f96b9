#include "sim/app/run_scenario.hpp"

#include <optional>

#include "sim/app/run_collector.hpp"
#include "sim/core/run_limits.hpp"
#include "sim/io/campaign_config.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/replay_source.hpp"
#include "sim/io/result_files.hpp"
#include "sim/io/results_file.hpp"
#include "sim/io/run_summary.hpp"
#include "sim/io/score_export.hpp"

namespace lmsim::sim::app {

std::unique_ptr<replay::MarketEventReader> open_recorded_market(const Scenario& scenario) {
  if (!scenario.market.replay) return nullptr;
  return io::open_replay_reader(*scenario.market.replay, scenario.market.spec);
}

std::unique_ptr<Simulation> make_simulation(const Scenario& scenario) {
  return std::make_unique<Simulation>(scenario, open_recorded_market(scenario));
}

namespace {

RunOutcome run_within_limits(const Scenario& scenario, const RunRequest& request);

}  // namespace

RunOutcome run_scenario(const Scenario& scenario, const RunRequest& request) {
  try {
    return run_within_limits(scenario, request);
  } catch (const RunLimitError& error) {
    // The run stopped at a limit its scenario led it to: reported against the scenario's key.
    throw io::InputError({scenario.path, 0, 0, error.key()}, error.problem());
  }
}

namespace {

RunOutcome run_within_limits(const Scenario& scenario, const RunRequest& request) {
  std::vector<std::string> files{"results.h5", "summary.json"};
  if (request.export_score_inputs) {
    files.insert(files.end(), {"campaign.toml", "snapshots.csv", "orders.csv"});
  }
  // A run directory may also hold the optional score inputs and the report of the run it holds.
  io::ResultDirectory results(request.out_dir, files, request.overwrite,
                              {"campaign.toml", "snapshots.csv", "orders.csv", "report.html"});
  const std::unique_ptr<Simulation> simulation = make_simulation(scenario);
  RunCollector collector(scenario, simulation->miners().size());
  ObserverFanout observers;
  observers.add(collector);
  std::optional<io::ScoreExporter> exporter;
  if (request.export_score_inputs) {
    std::vector<std::string> names(simulation->miners().size());
    for (std::size_t miner = 0; miner < names.size(); ++miner) {
      names[simulation->ledger_id(miner)] = simulation->miners()[miner].name;
    }
    exporter.emplace(results.staging_path("snapshots.csv"), results.staging_path("orders.csv"),
                     scenario.market.spec.pair, std::move(names));
    observers.add(*exporter);
    results.write("campaign.toml", io::campaign_to_toml(scenario.campaign));
  }
  if (request.progress != nullptr) observers.add(*request.progress);
  results.produce([&] {
    simulation->run(observers);
    if (exporter) exporter->close();
  });
  // A replay's miners are virtual: its recorded book is the market without them, sampled in the
  // same pass (on_baseline_sample). Only a synthetic market needs a second run.
  if (request.baseline && !scenario.market.replay) {
    Scenario without_miners = scenario;
    without_miners.miners.clear();
    const std::unique_ptr<Simulation> baseline = make_simulation(without_miners);
    MarketSeriesCollector series(without_miners);
    baseline->run(series);
    collector.add_baseline(series.take(), baseline->statistics().book_events);
  }
  RunOutcome outcome;
  outcome.run = collector.finish(*simulation);
  outcome.metrics = analysis::compute_run_metrics(outcome.run);
  results.produce([&] {
    io::write_results(results.staging_path("results.h5"), outcome.run, &outcome.metrics);
  });
  results.write("summary.json", io::run_summary_json(outcome.run, outcome.metrics));
  results.commit();
  for (const std::string& file : files) outcome.files.push_back(results.directory() / file);
  outcome.table = io::run_table(outcome.run, market_description(scenario));
  return outcome;
}

}  // namespace

std::string market_description(const Scenario& scenario) {
  if (scenario.market.replay) return "replaying " + scenario.market.replay->format + " data";
  return std::to_string(scenario.background.total()) + " background agents";
}

}  // namespace lmsim::sim::app
