#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "analysis/run_data.hpp"
#include "analysis/run_metrics.hpp"
#include "sim/app/baseline_markets.hpp"
#include "sim/core/replay/market_event_reader.hpp"
#include "sim/core/run_observer.hpp"
#include "sim/core/scenario.hpp"
#include "sim/core/simulation.hpp"

namespace lmsim::sim::app {

/// The recorded markets of replay scenarios, read from their files once and then served from
/// memory to any number of runs, on any thread (a sweep's points and replicates replay the same
/// tape). A tape larger than `max_events` is not kept: each run then streams it from its files.
class RecordedMarkets {
 public:
  explicit RecordedMarkets(std::size_t max_events = 20'000'000) : max_events_(max_events) {}

  /// The recorded event stream of `scenario`'s market (nullptr for a synthetic market).
  std::unique_ptr<replay::MarketEventReader> open(const Scenario& scenario);

 private:
  struct Tape;
  std::size_t max_events_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<const Tape>> tapes_;
};

/// Opens the recorded event stream of a replay scenario from the files it names (through io's
/// readers); nullptr for a synthetic market, which needs no file.
std::unique_ptr<replay::MarketEventReader> open_recorded_market(const Scenario& scenario);

/// A Simulation of `scenario`, its recorded market opened (from `markets` when given).
std::unique_ptr<Simulation> make_simulation(const Scenario& scenario,
                                            RecordedMarkets* markets = nullptr);

/// How to simulate a scenario in memory.
struct SimulateOptions {
  bool baseline = true;             ///< also run a synthetic scenario without its miners
  RunObserver* observer = nullptr;  ///< also told everything the run observes (progress, exports)
  RecordedMarkets* markets = nullptr;  ///< shared recorded markets; read from files when null
  /// Shared baseline runs (Scenario::baseline_key): the baseline is simulated only when no run
  /// with the same key has simulated it; always simulated when null.
  BaselineMarkets* baselines = nullptr;
  /// Use threads beside the run's own: the baseline simulated beside the run, and the market's
  /// stylised facts measured beside the other metrics (the results are the same); off where the
  /// caller already keeps every core busy (a sweep's threads).
  bool threads_beside = true;
  /// Also measure the stylised facts of the run's market (RunMetrics::realism); off where only
  /// the headline metrics are used (a sweep's runs) or the caller measures them itself.
  bool market_facts = true;
  /// Compute the metrics (SimulatedRun::metrics); off where the caller computes them itself,
  /// e.g. beside writing the results (compute_metrics).
  bool metrics = true;
  /// Called with the baseline's market (when there is a baseline run) on the thread that ran
  /// it, as soon as it is complete, with whether the run is still going then (run_scenario then
  /// compresses the baseline's part of results.h5 there, on the core the baseline leaves free).
  /// The series stays in place, unchanged, as SimulatedRun::run.baseline.
  std::function<void(const analysis::MarketSeries& baseline, bool run_going)> on_baseline;
  /// Called on the run's thread after each market sample is added to the run's market series
  /// (SimulatedRun::run.market, whose columns only grow until the run ends): run_scenario
  /// compresses their complete chunks as the run goes.
  std::function<void(const analysis::MarketSeries& market)> on_market_sample;
};

/// A run, collected in memory, and its metrics.
struct SimulatedRun {
  analysis::RunData run;
  analysis::RunMetrics metrics;
};

/// Runs `scenario` (and, for a synthetic market with options.baseline, the same scenario
/// without its miners, which measures the liquidity the campaign bought), collects everything
/// results.h5 would hold and computes the metrics, touching no file but a replay's data.
SimulatedRun simulate(const Scenario& scenario, const SimulateOptions& options);

/// The metrics simulate computes for `run` under `options` (the same call; the market's facts on
/// a thread of their own with options.threads_beside).
analysis::RunMetrics compute_metrics(const analysis::RunData& run, const SimulateOptions& options);

/// The stylised facts of `run`'s market (RunMetrics::realism), their parts spread over every core.
analysis::MarketRealism measure_market_facts(const analysis::RunData& run);

}  // namespace lmsim::sim::app
