// Scores a one-market campaign with the installed lmsim engine and checks that the reward ledger
// accounts for the whole budget: allocated + unallocated == budget, to the base unit. Exits 0
// when it does, 1 otherwise (or when the engine throws).

#include <cstddef>
#include <exception>
#include <iostream>

#include "engine/campaign.hpp"
#include "engine/hummingbot_rule.hpp"
#include "engine/money.hpp"
#include "engine/reward_ledger.hpp"
#include "engine/side.hpp"
#include "engine/snapshot.hpp"
#include "engine/time.hpp"
#include "engine/version.hpp"

namespace engine = lmsim::engine;

namespace {

// A campaign of one 10-minute epoch in ten one-minute slots, paying 100 USDT on ETH-USDT.
engine::Campaign make_campaign() {
  engine::Campaign campaign;
  campaign.name = "consumer";
  campaign.reward_token = "USDT";
  campaign.reward_decimals = 6;                                    // 1 base unit = 0.000001 USDT
  campaign.epoch_start = 1'723'075'200 * engine::kNanosPerSecond;  // 2024-08-08T00:00:00Z
  campaign.snapshot_interval = engine::kNanosPerMinute;
  campaign.epoch_length = 10 * engine::kNanosPerMinute;
  campaign.epochs = 1;
  engine::HummingbotParams rule;
  rule.max_spread = 0.01;  // orders more than 1% from the mid earn nothing
  campaign.rule = engine::hummingbot_rule(rule);
  const auto budget = engine::parse_token_amount("100", campaign.reward_decimals);
  campaign.markets.push_back({"ETH-USDT", *budget});
  engine::validate(campaign);
  return campaign;
}

void print_award(const engine::SnapshotAward& award, int decimals) {
  std::cout << "snapshot in slot " << award.slot << ":";
  for (const engine::Side side : {engine::Side::kBid, engine::Side::kAsk}) {
    const engine::SidePool& pool = award.sides[engine::side_index(side)];
    std::cout << "  " << engine::side_name(side) << " pool "
              << engine::format_token_amount(pool.pool, decimals) << ", paid "
              << engine::format_token_amount(pool.allocated, decimals);
  }
  std::cout << '\n';
}

int run() {
  const engine::Campaign campaign = make_campaign();
  const int decimals = campaign.reward_decimals;
  std::cout << "lmsim engine " << engine::kVersion << ": campaign \"" << campaign.name << "\", "
            << campaign.total_slots() << " slots, budget "
            << engine::format_token_amount(campaign.markets[0].budget_per_epoch, decimals) << ' '
            << campaign.reward_token << '\n';

  engine::RewardLedger ledger(campaign);
  engine::OrderTable orders;

  // Slot 0, 30 s in, mid 2000: miner 0 bids 0.05% below the mid, miner 1 quotes both sides, its
  // second bid 2% away and so ineligible.
  orders.add(0, engine::Side::kBid, 1999.0, 2.0);
  orders.add(1, engine::Side::kBid, 1960.0, 5.0);
  orders.add(1, engine::Side::kAsk, 2004.0, 1.5);
  print_award(ledger.score(0, {campaign.slot_start(0) + 30 * engine::kNanosPerSecond, 2000.0,
                               orders.columns()}),
              decimals);

  // Slot 3 (slots 1 and 2 had no snapshot: their pools roll over into this one), mid 2010: only
  // bids, so the ask pool rolls on.
  orders.clear();
  orders.add(0, engine::Side::kBid, 2005.0, 1.0);
  orders.add(1, engine::Side::kBid, 2000.0, 3.0);
  print_award(ledger.score(0, {campaign.slot_start(3) + 15 * engine::kNanosPerSecond, 2010.0,
                               orders.columns()}),
              decimals);

  // Closing rolls the slots never scored to the end of the epoch: their pools are unallocated.
  ledger.close();

  engine::BaseUnits paid_to_miners = 0;
  const auto miners = ledger.miner_totals(0);
  for (std::size_t miner = 0; miner < miners.size(); ++miner) {
    std::cout << "miner " << miner << ": "
              << engine::format_token_amount(miners[miner].total_reward(), decimals) << ' '
              << campaign.reward_token << " in " << miners[miner].eligible_snapshots
              << " eligible snapshots\n";
    paid_to_miners += miners[miner].total_reward();
  }

  const engine::EpochTotals& totals = ledger.epoch_totals(0, 0);
  std::cout << "epoch 0: allocated " << engine::format_token_amount(totals.allocated, decimals)
            << " + unallocated " << engine::format_token_amount(totals.unallocated, decimals)
            << " = " << engine::format_token_amount(totals.allocated + totals.unallocated, decimals)
            << ", budget " << engine::format_token_amount(totals.budget, decimals) << ' '
            << campaign.reward_token << '\n';

  if (!totals.closed || totals.allocated + totals.unallocated != totals.budget ||
      paid_to_miners != totals.allocated) {
    std::cerr << "lmsim_consumer: FAILED: the ledger does not account for the budget\n";
    return 1;
  }
  if (totals.allocated == 0 || totals.unallocated == 0) {
    // Both parts must be non-zero for the check above to say anything about how they add up.
    std::cerr << "lmsim_consumer: FAILED: expected both paid and rolled-over money\n";
    return 1;
  }
  std::cout << "OK: allocated + unallocated == budget\n";
  return 0;
}

}  // namespace

int main() {
  try {
    return run();
  } catch (const std::exception& error) {
    std::cerr << "lmsim_consumer: error: " << error.what() << '\n';
    return 1;
  }
}
