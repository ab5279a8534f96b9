#pragma once

#include <string>

#include "engine/campaign.hpp"
#include "sim/io/score_input.hpp"
#include "sim/io/score_outcome.hpp"

namespace lmsim::sim::io {

/// The outputs of `lmsim score`, each rendered to text. Miners appear per market in name order;
/// amounts are token units with exactly `reward_decimals` digits.

/// The readable summary printed on stdout.
std::string score_table(const engine::Campaign& campaign, const ScoreInput& input,
                        const ScoreOutcome& outcome);

/// allocations.csv: market,miner,bid_reward,ask_reward,total_reward,eligible_snapshots.
std::string allocations_csv(const engine::Campaign& campaign, const ScoreInput& input,
                            const ScoreOutcome& outcome);

/// snapshots.csv: one row per snapshot and side with its pool, allocation and rollover.
std::string snapshots_csv(const engine::Campaign& campaign, const ScoreInput& input,
                          const ScoreOutcome& outcome);

/// summary.json: the campaign, per market and epoch budget/allocated/unallocated, per miner totals.
std::string score_summary_json(const engine::Campaign& campaign, const ScoreInput& input,
                               const ScoreOutcome& outcome);

}  // namespace lmsim::sim::io
