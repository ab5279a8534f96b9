#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sim/core/simulation.hpp"
#include "sim/io/file_writer.hpp"

namespace lmsim::sim::io {

/// Writes what a run's snapshots scored in `lmsim score`'s input formats (docs/score-inputs.md):
/// SNAPSHOTS.csv with each snapshot whose book had a mid, and ORDERS.csv with the miners' orders
/// resting at each, with creation times. Prices (whole ticks; mids whole half ticks) and amounts
/// (whole lots) are written as their exact decimals — "223.95", not "223.95000000000002" — which
/// read back as the very doubles the run scored, so `lmsim score` over these files (and
/// campaign_to_toml's campaign) reproduces the run's allocations exactly: an independent check
/// of the simulator's scoring path.
class ScoreExporter final : public RunObserver {
 public:
  ScoreExporter(const std::filesystem::path& snapshots_path,
                const std::filesystem::path& orders_path, const MarketSpec& spec,
                std::vector<std::string> ledger_names);

  void on_snapshot(const SnapshotObservation& snapshot) override;
  void on_sample(const MarketSample&) override {}
  void on_miner_fill(const MinerFillRecord&) override {}
  void on_fill_markout(const FillMarkoutRecord&) override {}
  void on_baseline_sample(const MarketSample&) override {}
  void on_progress(double) override {}
  /// Flushes and closes both files; throws InputError (the file and the operating system's
  /// reason) when writing failed, here or as the run went.
  void close();

 private:
  FileWriter snapshots_;
  FileWriter orders_;
  std::string pair_;
  double tick_size_;
  double lot_size_;
  engine::DecimalGrid tick_step_;
  engine::DecimalGrid lot_step_;
  std::vector<std::string> names_;  ///< by engine miner id
};

}  // namespace lmsim::sim::io
