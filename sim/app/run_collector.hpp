#pragma once

#include <functional>
#include <optional>

#include "analysis/run_data.hpp"
#include "sim/core/run_observer.hpp"
#include "sim/core/scenario.hpp"
#include "sim/core/simulation.hpp"

namespace lmsim::sim::app {

/// Collects a run into analysis::RunData as it happens — the market samples, every snapshot with
/// its pools and per-miner rows, the miners' fills — and completes it from the finished
/// Simulation: the per-miner results (rewards, balances, PnL, activity), the epochs' money and
/// the provenance. What it collects is exactly what results.h5 holds, so a run's metrics and its
/// summary are computed from memory and the file is written once, from the same data.
class RunCollector final : public RunObserver {
 public:
  RunCollector(const Scenario& scenario, std::size_t miner_count);

  void on_sample(const MarketSample& sample) override;
  void on_snapshot(const SnapshotObservation& snapshot) override;
  void on_miner_fill(const MinerFillRecord& fill) override;
  void on_fill_markout(const FillMarkoutRecord& markout) override;
  /// A replay's recorded market without the miners, sampled in the same pass.
  void on_baseline_sample(const MarketSample& sample) override;
  void on_progress(double) override {}

  /// Calls `grown` with the run's market series after each sample is added to it (on the run's
  /// thread); its columns only grow until finish().
  void on_market_grown(std::function<void(const analysis::MarketSeries&)> grown) {
    grown_ = std::move(grown);
  }

  /// Records `baseline` (a run of the same scenario without its miners) as the market the
  /// campaign did not buy.
  void add_baseline(analysis::MarketSeries baseline, std::uint64_t book_events);

  /// Completes the data from the finished `simulation` and hands it over.
  analysis::RunData finish(const Simulation& simulation);

 private:
  const Scenario& scenario_;
  std::size_t miner_count_;
  analysis::RunData run_;
  std::function<void(const analysis::MarketSeries&)> grown_;
};

/// Collects only the market samples of a run (the baseline run without miners).
class MarketSeriesCollector final : public RunObserver {
 public:
  explicit MarketSeriesCollector(const Scenario& scenario);

  void on_sample(const MarketSample& sample) override;
  void on_snapshot(const SnapshotObservation&) override {}
  void on_miner_fill(const MinerFillRecord&) override {}
  void on_fill_markout(const FillMarkoutRecord&) override {}
  void on_baseline_sample(const MarketSample&) override {}
  void on_progress(double) override {}

  analysis::MarketSeries take() { return std::move(series_); }

 private:
  analysis::MarketSeries series_;
};

/// Appends one market sample to a series.
void append_sample(analysis::MarketSeries& series, const MarketSample& sample);

}  // namespace lmsim::sim::app
