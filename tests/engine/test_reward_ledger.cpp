#include <catch2/catch.hpp>

#include "support/scoring_fixtures.hpp"

using namespace lmsim;
using namespace lmsim::test;
using engine::RewardLedger;
using engine::Snapshot;

namespace {

OrderTable two_sided_order(MinerId miner) {
  OrderTable orders;
  orders.add(miner, Side::kBid, 99.9, 1.0);
  orders.add(miner, Side::kAsk, 100.1, 1.0);
  return orders;
}

}  // namespace

TEST_CASE("RewardLedger: each slot pays its even share, split by bid_share", "[ledger]") {
  RewardLedger ledger(make_campaign(1000, 10, 1, 0.01, 2.0, 0.3));
  const OrderTable orders = two_sided_order(0);
  const auto& award = ledger.score(0, Snapshot{slot_time(0), 100.0, orders.columns()});
  CHECK(award.sides[0].pool == 30);
  CHECK(award.sides[1].pool == 70);
  CHECK(award.sides[0].allocated == 30);
  CHECK(award.sides[1].rolled_over == 0);
  REQUIRE(award.miners.size() == 1);
  CHECK(award.miners[0].reward == std::array<BaseUnits, 2>{30, 70});
}

TEST_CASE("RewardLedger: an empty side rolls into the same side of the next snapshot", "[ledger]") {
  RewardLedger ledger(make_campaign(1000, 10));
  OrderTable bids_only;
  bids_only.add(0, Side::kBid, 99.9, 1.0);
  const auto& first = ledger.score(0, Snapshot{slot_time(0), 100.0, bids_only.columns()});
  CHECK(first.sides[0].allocated == 50);
  CHECK(first.sides[1].rolled_over == 50);
  const OrderTable both = two_sided_order(1);
  const auto& second = ledger.score(0, Snapshot{slot_time(1), 100.0, both.columns()});
  CHECK(second.sides[0].pool == 50);
  CHECK(second.sides[1].pool == 100);
}

TEST_CASE("RewardLedger: slots without a snapshot roll over; the carry at epoch end is unallocated",
          "[ledger]") {
  RewardLedger ledger(make_campaign(1000, 10, 2));
  const OrderTable orders = two_sided_order(0);
  // Slots 0-3 have no snapshot: slot 4 receives five slots' pools.
  const auto& award = ledger.score(0, Snapshot{slot_time(4), 100.0, orders.columns()});
  CHECK(award.sides[0].pool + award.sides[1].pool == 500);
  // Slot 9 has no orders: its pool and those of 5-8 are carried and end the epoch unallocated.
  const OrderTable nobody;
  ledger.score(0, Snapshot{slot_time(9), 100.0, nobody.columns()});
  const auto& epoch0 = ledger.epoch_totals(0, 0);
  CHECK(epoch0.closed);
  CHECK(epoch0.allocated == 500);
  CHECK(epoch0.unallocated == 500);
  // The carry does not cross into epoch 1.
  const auto& next = ledger.score(0, Snapshot{slot_time(10), 100.0, orders.columns()});
  CHECK(next.epoch == 1);
  CHECK(next.sides[0].pool + next.sides[1].pool == 100);
  CHECK_FALSE(ledger.epoch_totals(0, 1).closed);
  ledger.close();
  CHECK(ledger.epoch_totals(0, 1).allocated == 100);
  CHECK(ledger.epoch_totals(0, 1).unallocated == 900);
  ledger.close();  // idempotent
  CHECK(ledger.epoch_totals(0, 1).unallocated == 900);
}

TEST_CASE("RewardLedger: a campaign with no snapshots returns the whole budget", "[ledger]") {
  RewardLedger ledger(make_campaign(12'345, 7, 3));
  ledger.close();
  for (int epoch = 0; epoch < 3; ++epoch) {
    CHECK(ledger.epoch_totals(0, epoch).allocated == 0);
    CHECK(ledger.epoch_totals(0, epoch).unallocated == 12'345);
  }
}

TEST_CASE("RewardLedger: rejects snapshots out of order, outside the campaign or after close",
          "[ledger]") {
  RewardLedger ledger(make_campaign(1000, 10));
  const OrderTable orders = two_sided_order(0);
  ledger.score(0, Snapshot{slot_time(3), 100.0, orders.columns()});
  CHECK_THROWS_AS(ledger.score(0, Snapshot{slot_time(3), 100.0, orders.columns()}),
                  std::invalid_argument);
  CHECK_THROWS_AS(ledger.score(0, Snapshot{slot_time(2), 100.0, orders.columns()}),
                  std::invalid_argument);
  CHECK_THROWS_AS(ledger.score(0, Snapshot{-1, 100.0, orders.columns()}), std::invalid_argument);
  CHECK_THROWS_AS(ledger.score(0, Snapshot{slot_time(10), 100.0, orders.columns()}),
                  std::invalid_argument);
  CHECK_THROWS_AS(ledger.score(1, Snapshot{slot_time(5), 100.0, orders.columns()}),
                  std::invalid_argument);
  ledger.close();
  CHECK_THROWS_AS(ledger.score(0, Snapshot{slot_time(5), 100.0, orders.columns()}),
                  std::invalid_argument);
}

TEST_CASE("RewardLedger: miner totals count rewards and eligible snapshots per side", "[ledger]") {
  RewardLedger ledger(make_campaign(1000, 10));
  OrderTable orders;
  orders.add(0, Side::kBid, 99.9, 1.0);
  orders.add(1, Side::kBid, 99.9, 1.0);
  orders.add(1, Side::kAsk, 100.1, 1.0);
  orders.add(2, Side::kAsk, 150.0, 1.0);  // beyond max_spread
  ledger.score(0, Snapshot{slot_time(0), 100.0, orders.columns()});
  ledger.score(0, Snapshot{slot_time(1), 100.0, orders.columns()});
  const auto totals = ledger.miner_totals(0);
  REQUIRE(totals.size() >= 2);
  CHECK(totals[0].reward == std::array<BaseUnits, 2>{50, 0});
  CHECK(totals[1].reward == std::array<BaseUnits, 2>{50, 100});
  CHECK(totals[0].eligible_snapshots == 2);
  CHECK(totals[1].eligible_side_snapshots == std::array<std::int64_t, 2>{2, 2});
  CHECK((totals.size() < 3 || totals[2].eligible_snapshots == 0));
}

TEST_CASE("RewardLedger: conservation on random campaigns and snapshot sequences", "[ledger]") {
  SplitMix random(7);
  OrderTable orders;
  for (int trial = 0; trial < 300; ++trial) {
    const auto slots = static_cast<std::int64_t>(1 + random.below(60));
    const int epochs = static_cast<int>(1 + random.below(3));
    const auto budget =
        static_cast<BaseUnits>(random.below(std::uint64_t{1} << (1 + random.below(50))));
    Campaign campaign =
        make_campaign(budget, slots, epochs, 0.01, random.uniform(0.0, 10.0), random.uniform());
    campaign.markets.push_back({"OTHER", static_cast<BaseUnits>(random.below(1'000'000))});
    RewardLedger ledger(campaign);
    std::vector<BaseUnits> paid(campaign.markets.size(), 0);
    for (std::size_t market = 0; market < campaign.markets.size(); ++market) {
      for (std::int64_t slot = 0; slot < campaign.total_slots(); ++slot) {
        if (random.bernoulli(0.3)) continue;  // a slot without a snapshot
        random_orders(random, orders, random.below(12), 5, 100.0, 0.01);
        const auto& award =
            ledger.score(market, Snapshot{slot_time(slot), 100.0, orders.columns()});
        for (int side = 0; side < 2; ++side) {
          const auto& pool = award.sides[side];
          CHECK(pool.allocated + pool.rolled_over == pool.pool);
          BaseUnits to_miners = 0;
          for (const auto& miner : award.miners) to_miners += miner.reward[side];
          CHECK(to_miners == pool.allocated);
        }
        for (const auto& miner : award.miners) paid[market] += miner.reward[0] + miner.reward[1];
      }
    }
    ledger.close();
    for (std::size_t market = 0; market < campaign.markets.size(); ++market) {
      BaseUnits allocated = 0;
      for (int epoch = 0; epoch < epochs; ++epoch) {
        const auto& totals = ledger.epoch_totals(market, epoch);
        CAPTURE(trial, market, epoch);
        CHECK(totals.allocated + totals.unallocated == campaign.markets[market].budget_per_epoch);
        allocated += totals.allocated;
      }
      BaseUnits from_totals = 0;
      for (const auto& miner : ledger.miner_totals(market)) from_totals += miner.total_reward();
      CHECK(allocated == paid[market]);
      CHECK(from_totals == paid[market]);
    }
  }
}
