#pragma once

// Small builders shared by the engine tests: campaigns with chosen parameters and random
// snapshots drawn from a seeded stream.

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/campaign.hpp"
#include "engine/hummingbot_rule.hpp"
#include "engine/reward_ledger.hpp"
#include "engine/snapshot.hpp"
#include "support/split_mix.hpp"

namespace lmsim::test {

using engine::BaseUnits;
using engine::Campaign;
using engine::MinerId;
using engine::Nanos;
using engine::OrderTable;
using engine::Side;

/// A one-market campaign starting at t = 0 with `slots` one-minute slots per epoch.
inline Campaign make_campaign(BaseUnits budget, std::int64_t slots, int epochs = 1,
                              double max_spread = 0.01, double spread_factor = 2.0,
                              double bid_share = 0.5) {
  Campaign campaign;
  campaign.name = "test";
  campaign.reward_token = "TKN";
  campaign.reward_decimals = 9;
  campaign.epoch_start = 0;
  campaign.snapshot_interval = engine::kNanosPerMinute;
  campaign.epoch_length = slots * engine::kNanosPerMinute;
  campaign.epochs = epochs;
  engine::HummingbotParams rule;
  rule.max_spread = max_spread;
  rule.spread_factor = spread_factor;
  rule.bid_share = bid_share;
  campaign.rule = engine::hummingbot_rule(rule);
  campaign.markets.push_back({"TKN-USD", budget});
  return campaign;
}

/// A rule of the built-in registry with some keys set (the others at their defaults); a value
/// out of range throws std::invalid_argument naming the key.
inline std::shared_ptr<const engine::RuleConfig> rule_with(
    std::string_view name, const std::vector<std::pair<std::string, engine::ParamValue>>& values) {
  std::unique_ptr<engine::RuleConfig> rule = engine::configure_rule(name);
  for (const auto& [key, value] : values) {
    if (const auto problem = rule->params().set(key, value)) {
      throw std::invalid_argument(key + ": " + *problem);
    }
  }
  return rule;
}

/// `campaign` scored by `rule` instead.
inline Campaign with_rule(Campaign campaign, std::shared_ptr<const engine::RuleConfig> rule) {
  campaign.rule = std::move(rule);
  return campaign;
}

/// The instant in the middle of `slot` of a campaign made by make_campaign.
inline Nanos slot_time(std::int64_t slot) {
  return slot * engine::kNanosPerMinute + engine::kNanosPerMinute / 2;
}

/// Fills `orders` with `count` random orders from `miners` miners around `mid`, spreads up to
/// 1.5 × max_spread (so some are ineligible) and amounts in (0, 10].
inline void random_orders(SplitMix& random, OrderTable& orders, std::size_t count,
                          std::uint32_t miners, double mid, double max_spread) {
  orders.clear();
  for (std::size_t i = 0; i < count; ++i) {
    const auto miner = static_cast<MinerId>(random.below(miners));
    const Side side = random.bernoulli(0.5) ? Side::kBid : Side::kAsk;
    const double spread = random.uniform(0.0, 1.5 * max_spread);
    const double price = side == Side::kBid ? mid * (1.0 - spread) : mid * (1.0 + spread);
    const double amount = 10.0 * (1.0 - random.uniform());
    orders.add(miner, side, price, amount);
  }
}

/// Scores one snapshot as the only one of a one-slot campaign and returns each miner's reward on
/// each side, indexed [miner][side].
inline std::vector<std::array<BaseUnits, 2>> score_once(const Campaign& campaign, double mid,
                                                        const OrderTable& orders,
                                                        std::size_t miner_count) {
  engine::RewardLedger ledger(campaign);
  const auto& award = ledger.score(0, engine::Snapshot{slot_time(0), mid, orders.columns()});
  std::vector<std::array<BaseUnits, 2>> rewards(miner_count, {0, 0});
  for (const auto& miner : award.miners) {
    if (miner.miner >= rewards.size()) rewards.resize(miner.miner + 1, {0, 0});
    rewards[miner.miner] = miner.reward;
  }
  return rewards;
}

}  // namespace lmsim::test
