#include "sim/app/run_scenario.hpp"

#include <optional>

#include "sim/app/simulate.hpp"
#include "sim/io/campaign_config.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/result_files.hpp"
#include "sim/io/results_file.hpp"
#include "sim/io/run_summary.hpp"
#include "sim/io/score_export.hpp"

namespace lmsim::sim::app {

RunOutcome run_scenario(const Scenario& scenario, const RunRequest& request) {
  std::vector<std::string> files{"results.h5", "summary.json"};
  if (request.export_score_inputs) {
    files.insert(files.end(), {"campaign.toml", "snapshots.csv", "orders.csv"});
  }
  // A run directory may also hold the optional score inputs and the report of the run it holds.
  io::ResultDirectory results(request.out_dir, files, request.overwrite,
                              {"campaign.toml", "snapshots.csv", "orders.csv", "report.html"});
  std::optional<io::ScoreExporter> exporter;
  if (request.export_score_inputs) {
    exporter.emplace(results.staging_path("snapshots.csv"), results.staging_path("orders.csv"),
                     scenario.market.spec, ledger_account_names(scenario));
    results.write("campaign.toml", io::campaign_to_toml(scenario.campaign, scenario.also_score));
  }
  ObserverFanout observers;
  if (exporter) observers.add(*exporter);
  if (request.progress != nullptr) observers.add(*request.progress);
  SimulateOptions options;
  options.baseline = request.baseline;
  options.observer = &observers;
  options.metrics = false;  // computed below while the results are written
  // The market's facts, the longest part of the metrics, are measured beside the rest, so that
  // the rest of /metrics is written meanwhile.
  options.market_facts = false;
  // Most of results.h5 is compressed before the run ends, where a core is free: the run's market
  // columns chunk by chunk as they grow, on a thread of their own, and the baseline's market
  // (which usually finishes well before the run) on the baseline's thread — one thread each, so
  // the run keeps a core. The writer compresses the rest on every core.
  io::PrecompressedChunks ahead;
  options.on_baseline = [&](const analysis::MarketSeries& baseline, bool run_going) {
    if (run_going) ahead = io::precompress_baseline_market(baseline, 1);
  };
  io::GrowingColumns market_columns;
  bool following = false;
  options.on_market_sample = [&](const analysis::MarketSeries& market) {
    if (!following) io::follow_run_market(market_columns, market);
    following = true;
    market_columns.poll();
  };
  RunOutcome outcome;
  results.produce([&] {
    SimulatedRun simulated = simulate(scenario, options);
    market_columns.finish(ahead);
    if (exporter) exporter->close();
    outcome.run = std::move(simulated.run);
    outcome.metrics = io::write_results_computing_metrics(
        results.staging_path("results.h5"), outcome.run,
        [&] { return compute_metrics(outcome.run, options); }, &ahead,
        [&] { return measure_market_facts(outcome.run); });
  });
  results.write("summary.json", io::run_summary_json(outcome.run, outcome.metrics));
  results.commit();
  for (const std::string& file : files) outcome.files.push_back(results.directory() / file);
  outcome.table = io::run_table(outcome.run, market_description(scenario));
  return outcome;
}

std::string market_description(const Scenario& scenario) {
  if (scenario.market.replay) return "replaying " + scenario.market.replay->format + " data";
  return std::to_string(scenario.background.total()) + " background agents";
}

}  // namespace lmsim::sim::app
