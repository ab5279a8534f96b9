#pragma once

#include <array>
#include <vector>

#include "engine/campaign.hpp"
#include "engine/reward_ledger.hpp"
#include "sim/io/score_input.hpp"
#include "sim/io/score_outcome.hpp"

namespace lmsim::sim::app {

/// Runs every snapshot through a RewardLedger in scoring order and closes the campaign.
io::ScoreOutcome score_campaign(const engine::Campaign& campaign, const io::ScoreInput& input);

}  // namespace lmsim::sim::app
