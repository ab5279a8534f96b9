#include "sim/app/simulate.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <exception>
#include <functional>
#include <optional>
#include <thread>

#include "analysis/parallel_tasks.hpp"
#include "sim/app/run_collector.hpp"
#include "sim/core/replay/memory_tape.hpp"
#include "sim/core/run_limits.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/replay_source.hpp"

namespace lmsim::sim::app {

/// One tape and what identifies the reading it came from: the same files read the same way in
/// the same ticks and lots.
struct RecordedMarkets::Tape {
  std::string format;
  std::vector<std::string> files;
  replay::EventClock clock;
  std::string trading_date;
  Nanos utc_offset;
  replay::OnBadRow on_bad_row;
  double tick_size;
  double lot_size;
  std::shared_ptr<const replay::MemoryTape> events;  ///< null when too large to keep

  bool reads(const Scenario& scenario) const {
    const ReplaySettings& replay = *scenario.market.replay;
    return format == replay.format && files == replay.files && clock == replay.clock &&
           trading_date == replay.trading_date && utc_offset == replay.utc_offset &&
           on_bad_row == replay.on_bad_row && tick_size == scenario.market.spec.tick_size &&
           lot_size == scenario.market.spec.lot_size;
  }
};

std::unique_ptr<replay::MarketEventReader> RecordedMarkets::open(const Scenario& scenario) {
  if (!scenario.market.replay) return nullptr;
  std::shared_ptr<const Tape> tape;
  {
    // One reading per tape: the first run to need it reads it while the others wait.
    const std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& known : tapes_) {
      if (known->reads(scenario)) tape = known;
    }
    if (!tape) {
      const ReplaySettings& replay = *scenario.market.replay;
      auto reader = open_recorded_market(scenario);
      std::shared_ptr<const replay::MemoryTape> events;
      auto memory = replay::read_tape(*reader);
      if (memory.events.size() <= max_events_) {
        events = std::make_shared<const replay::MemoryTape>(std::move(memory));
      }
      tape = std::make_shared<const Tape>(Tape{replay.format, replay.files, replay.clock,
                                               replay.trading_date, replay.utc_offset,
                                               replay.on_bad_row, scenario.market.spec.tick_size,
                                               scenario.market.spec.lot_size, std::move(events)});
      tapes_.push_back(tape);
    }
  }
  if (!tape->events) return open_recorded_market(scenario);
  return std::make_unique<replay::MemoryTapeReader>(tape->events);
}

std::unique_ptr<replay::MarketEventReader> open_recorded_market(const Scenario& scenario) {
  if (!scenario.market.replay) return nullptr;
  return io::open_replay_reader(*scenario.market.replay, scenario.market.spec);
}

std::unique_ptr<Simulation> make_simulation(const Scenario& scenario, RecordedMarkets* markets) {
  return std::make_unique<Simulation>(
      scenario, markets ? markets->open(scenario) : open_recorded_market(scenario));
}

namespace {

SimulatedRun simulate_within_limits(const Scenario& scenario, const SimulateOptions& options) {
  // A replay's miners are virtual: its recorded book is the market without them, sampled in the
  // same pass (on_baseline_sample). Only a synthetic market needs a second run, the same
  // scenario without its miners — independent of the first, so it can run beside it.
  const bool baseline_run = options.baseline && !scenario.market.replay;
  Scenario without_miners = scenario;
  without_miners.miners.clear();
  analysis::MarketSeries baseline_market;
  std::uint64_t baseline_events = 0;
  std::exception_ptr baseline_error;
  std::atomic<bool> run_done{false};
  const auto simulate_baseline = [&] {
    const std::unique_ptr<Simulation> baseline = make_simulation(without_miners);
    MarketSeriesCollector baseline_series(without_miners);
    baseline->run(baseline_series);
    return BaselineMarkets::Baseline{baseline_series.take(), baseline->statistics().book_events};
  };
  const auto run_baseline = [&] {
    try {
      if (options.baselines != nullptr && !scenario.baseline_key.empty()) {
        // A copy: the run's data owns its series.
        const std::shared_ptr<const BaselineMarkets::Baseline> shared =
            options.baselines->get(scenario.baseline_key, simulate_baseline);
        baseline_market = shared->market;
        baseline_events = shared->book_events;
      } else {
        BaselineMarkets::Baseline baseline = simulate_baseline();
        baseline_market = std::move(baseline.market);
        baseline_events = baseline.book_events;
      }
      // Moved from here on, never copied: the series keeps its buffers' addresses.
      if (options.on_baseline) options.on_baseline(baseline_market, !run_done);
    } catch (...) {
      baseline_error = std::current_exception();
    }
  };
  std::thread beside;
  if (baseline_run && options.threads_beside) beside = std::thread(run_baseline);

  const std::unique_ptr<Simulation> simulation = make_simulation(scenario, options.markets);
  RunCollector collector(scenario, simulation->miners().size());
  if (options.on_market_sample) collector.on_market_grown(options.on_market_sample);
  ObserverFanout observers;
  observers.add(collector);
  if (options.observer != nullptr) observers.add(*options.observer);
  try {
    simulation->run(observers);
    run_done = true;
  } catch (...) {
    run_done = true;
    if (beside.joinable()) beside.join();
    throw;
  }
  if (beside.joinable()) {
    beside.join();
  } else if (baseline_run) {
    run_baseline();
  }
  if (baseline_error) std::rethrow_exception(baseline_error);
  if (baseline_run) collector.add_baseline(std::move(baseline_market), baseline_events);
  SimulatedRun result;
  result.run = collector.finish(*simulation);
  if (options.metrics) result.metrics = compute_metrics(result.run, options);
  return result;
}

}  // namespace

analysis::MarketRealism measure_market_facts(const analysis::RunData& run) {
  return analysis::run_market_realism(run, std::max(1u, std::thread::hardware_concurrency()));
}

analysis::RunMetrics compute_metrics(const analysis::RunData& run, const SimulateOptions& options) {
  if (!options.market_facts || !options.threads_beside) {
    return analysis::compute_run_metrics(run, options.market_facts);
  }
  // The market's stylised facts (bootstrap intervals over the whole trade tape) are most of the
  // work on a long run: measured on a thread of their own, beside the rest, their independent
  // parts spread over every core (the rest is soon done). When both fail, the rest's error is
  // the one reported (run_tasks rethrows the first failing task's).
  analysis::RunMetrics metrics;
  std::optional<analysis::MarketRealism> realism;
  const std::array<std::function<void()>, 2> parts{
      [&] { metrics = analysis::compute_run_metrics(run, false); },
      [&] { realism = measure_market_facts(run); }};
  analysis::run_tasks(parts, 2);
  metrics.realism = std::move(realism);
  return metrics;
}

SimulatedRun simulate(const Scenario& scenario, const SimulateOptions& options) {
  try {
    return simulate_within_limits(scenario, options);
  } catch (const RunLimitError& error) {
    // The run stopped at a limit its scenario led it to: reported against the scenario's key.
    throw io::InputError({scenario.path, 0, 0, error.key()}, error.problem());
  }
}

}  // namespace lmsim::sim::app
