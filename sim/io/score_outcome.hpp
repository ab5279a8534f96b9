#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/reward_ledger.hpp"

namespace lmsim::sim::io {

/// What one snapshot of a score job paid: its two side pools and how many miners shared each.
struct ScoredSnapshot {
  std::array<engine::SidePool, engine::kSideCount> sides{};
  std::array<std::uint32_t, engine::kSideCount> eligible_miners{};
};

/// The outcome of scoring a ScoreInput: per snapshot (parallel to `ScoreInput::snapshots`), per
/// market and epoch, and per market and miner (indexed by MinerId, sized to every miner).
/// `has_orders[market][miner]` tells which miners placed any order in a market.
struct ScoreOutcome {
  std::vector<ScoredSnapshot> snapshots;
  std::vector<std::vector<engine::EpochTotals>> epochs;
  std::vector<std::vector<engine::MinerTotals>> miners;
  std::vector<std::vector<bool>> has_orders;
};

}  // namespace lmsim::sim::io
