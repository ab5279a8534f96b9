#include "sim/app/run_scenario.hpp"

#include <optional>

#include "sim/io/campaign_config.hpp"
#include "sim/io/metrics_export.hpp"
#include "sim/io/replay_source.hpp"
#include "sim/io/result_files.hpp"
#include "sim/io/run_recorder.hpp"
#include "sim/io/score_export.hpp"

namespace lmsim::sim::app {

std::unique_ptr<replay::MarketEventReader> open_recorded_market(const Scenario& scenario) {
  if (!scenario.market.replay) return nullptr;
  return io::open_replay_reader(*scenario.market.replay, scenario.market.spec);
}

std::unique_ptr<Simulation> make_simulation(const Scenario& scenario) {
  return std::make_unique<Simulation>(scenario, open_recorded_market(scenario));
}

RunOutcome run_scenario(const Scenario& scenario, const RunRequest& request) {
  std::vector<std::string> files{"results.h5", "summary.json"};
  if (request.export_score_inputs) {
    files.insert(files.end(), {"campaign.toml", "snapshots.csv", "orders.csv"});
  }
  io::ResultFiles results(request.out_dir, files, request.overwrite);
  const std::unique_ptr<Simulation> simulation = make_simulation(scenario);
  io::RunRecorder recorder(results.staging_path("results.h5"), scenario,
                           simulation->miners().size());
  ObserverFanout observers;
  observers.add(recorder);
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
  simulation->run(observers);
  if (exporter) exporter->close();
  // A replay's miners are virtual: its recorded book is the market without them, sampled in the
  // same pass (on_baseline_sample). Only a synthetic market needs a second run.
  if (request.baseline && !scenario.market.replay) {
    Scenario without_miners = scenario;
    without_miners.miners.clear();
    const std::unique_ptr<Simulation> baseline = make_simulation(without_miners);
    recorder.run_baseline(*baseline);
  }
  recorder.finish(*simulation);
  const analysis::RunMetrics metrics =
      io::add_metrics_to_results(results.staging_path("results.h5"));
  const auto miners = io::miner_results(scenario, *simulation);
  results.write("summary.json", io::run_summary_json(scenario, *simulation, miners, &metrics));
  results.commit();
  RunOutcome outcome;
  for (const std::string& file : files) outcome.files.push_back(results.directory() / file);
  outcome.table = io::run_table(scenario, *simulation, miners);
  return outcome;
}

}  // namespace lmsim::sim::app
