#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "analysis/run_metrics.hpp"
#include "sim/core/scenario.hpp"
#include "sim/core/simulation.hpp"
#include "sim/io/hdf5_file.hpp"

namespace lmsim::sim::io {

/// The version of the results.h5 layout (docs/results.md); bumped on any incompatible change.
inline constexpr std::int64_t kResultsSchemaVersion = 1;

/// Streams a run into results.h5 as it happens (docs/results.md): per snapshot, per snapshot and
/// miner, per market sample and per miner fill, in chunked compressed datasets, so memory stays
/// flat however long the run. `finish` adds the per-miner and per-epoch tables and the
/// provenance attributes (effective scenario text, seed, rule, lmsim version) and closes the
/// file. Nothing here depends on the wall clock, so equal runs give byte-identical files.
class RunRecorder final : public RunObserver {
 public:
  RunRecorder(const std::filesystem::path& path, const Scenario& scenario, std::size_t miner_count);
  ~RunRecorder() override;

  void on_sample(const MarketSample& sample) override;
  void on_snapshot(const SnapshotObservation& snapshot) override;
  void on_miner_fill(const MinerFillRecord& fill) override;
  void on_baseline_sample(const MarketSample& sample) override;
  void on_progress(double) override {}

  /// Runs `simulation` (the scenario without its miners) and records its market series under
  /// /baseline/market. Call after the main run, before `finish`.
  void run_baseline(Simulation& simulation);

  /// Writes the tables that need the finished run and closes the file.
  void finish(const Simulation& simulation);

 private:
  struct Streams;

  const Scenario& scenario_;
  std::size_t miner_count_;
  Hdf5Writer writer_;
  std::unique_ptr<Streams> streams_;
  std::vector<std::int64_t> reward_row_;
  std::vector<double> weight_bid_row_;
  std::vector<double> weight_ask_row_;
  bool baseline_done_ = false;
};

/// Quote currency per reward token, to value rewards: `[analysis] reward_token_price`, else 1
/// when the reward token is the pair's quote currency, the closing mid when it is the base
/// asset, unknown otherwise.
std::optional<double> reward_token_price(const Scenario& scenario, const Simulation& simulation);

/// Per-miner results that the summary, the table and the HDF5 file share.
struct MinerResult {
  const MinerInfo* info = nullptr;
  engine::MinerTotals totals;
  miners::MinerActivity activity;
  double uptime = 0.0;       ///< share of snapshots with an eligible order on either side
  double final_base = 0.0;   ///< base asset
  double final_quote = 0.0;  ///< quote currency
  double fees = 0.0;         ///< quote currency
  double pnl = 0.0;          ///< mark-to-market trading PnL at the final mid, rewards excluded
  std::int64_t maker_fills = 0;
  std::int64_t taker_fills = 0;
  double bought = 0.0;
  double sold = 0.0;
};

/// Computes every miner's results from a finished simulation.
std::vector<MinerResult> miner_results(const Scenario& scenario, const Simulation& simulation);

/// summary.json of a run: the campaign, per market and epoch budget/allocated/unallocated (as
/// `lmsim score` writes them), per miner and per entity results, and run counters.
/// With `metrics`, also their "metrics" object (write_metrics_json).
std::string run_summary_json(const Scenario& scenario, const Simulation& simulation,
                             const std::vector<MinerResult>& results,
                             const analysis::RunMetrics* metrics = nullptr);

/// The readable summary printed on stdout.
std::string run_table(const Scenario& scenario, const Simulation& simulation,
                      const std::vector<MinerResult>& results);

}  // namespace lmsim::sim::io
