#pragma once

#include <string>
#include <vector>

#include "engine/campaign.hpp"
#include "engine/snapshot.hpp"

namespace lmsim::sim::io {

/// One row of SNAPSHOTS.csv after checking: which market, which slot, when and at what mid.
struct SnapshotRecord {
  std::uint32_t market = 0;
  std::int64_t slot = 0;
  engine::Nanos time = 0;
  double mid = 0.0;
  std::int64_t line = 0;  ///< line in the snapshots file, for messages
};

/// The inputs of `lmsim score` checked against a campaign: snapshots in scoring order (by
/// market, then slot) and the orders grouped by snapshot in the same order, as contiguous
/// columns, so that each snapshot's orders are one slice handed to the engine without copying.
/// Miner ids are dense and follow the miners' names in byte order (as in a simulated run), so
/// exact ties in the largest-remainder split go to the name that sorts first.
struct ScoreInput {
  std::vector<SnapshotRecord> snapshots;
  std::vector<std::size_t>
      order_begin;  ///< orders of snapshot i: [order_begin[i], order_begin[i+1])
  std::vector<engine::MinerId> order_miner;
  std::vector<engine::Side> order_side;
  std::vector<double> order_price;
  std::vector<double> order_amount;
  std::vector<engine::Nanos> order_created;  ///< empty unless the file has a `created` column
  std::vector<std::string> miner_names;      ///< indexed by MinerId

  std::size_t order_count() const { return order_miner.size(); }
  /// The engine's view of snapshot `index` (no copy).
  engine::Snapshot snapshot(std::size_t index) const;
};

/// Reads SNAPSHOTS.csv (`timestamp,market,mid_price`) and ORDERS.csv
/// (`timestamp,market,miner,side,price,amount[,created]`), checks every row against the
/// campaign and groups the orders by snapshot. Throws InputError with file, line, column and
/// column name for the first problem found.
ScoreInput load_score_input(const engine::Campaign& campaign, const std::string& snapshots_path,
                            const std::string& orders_path);

}  // namespace lmsim::sim::io
