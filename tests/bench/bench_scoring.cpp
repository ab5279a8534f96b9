// Scoring throughput: the Hummingbot weight kernel alone, largest-remainder apportionment, and a
// whole simulated week (10,080 one-minute snapshots) with 1,000 miners x 10 orders each scored
// through the RewardLedger. Reported as orders per second (items_per_second).
#include <benchmark/benchmark.h>

#include "engine/hummingbot_rule.hpp"
#include "engine/largest_remainder.hpp"
#include "engine/reward_ledger.hpp"
#include "support/scoring_fixtures.hpp"

namespace {

using namespace lmsim;
using namespace lmsim::test;

constexpr std::uint32_t kMiners = 1000;
constexpr std::size_t kOrdersPerMiner = 10;
constexpr std::int64_t kWeekSlots = 7 * 24 * 60;
constexpr double kMid = 2500.0;
// Distinct snapshots to cycle through: enough to defeat caching of one order table, small
// enough to keep memory flat (a week of distinct tables would take ~3 GB).
constexpr std::size_t kDistinctSnapshots = 32;

std::vector<OrderTable> make_snapshots() {
  SplitMix random(2024);
  std::vector<OrderTable> tables(kDistinctSnapshots);
  for (OrderTable& table : tables) {
    random_orders(random, table, kMiners * kOrdersPerMiner, kMiners, kMid, 0.02);
  }
  return tables;
}

const std::vector<OrderTable>& snapshots() {
  static const std::vector<OrderTable> tables = make_snapshots();
  return tables;
}

void BM_WeightKernel(benchmark::State& state) {
  engine::HummingbotParams params;
  params.max_spread = 0.02;
  params.spread_factor = 8.0;
  engine::HummingbotRule rule(params);
  engine::MinerWeights weights;
  std::size_t next = 0;
  for (auto _ : state) {
    weights.clear();
    const OrderTable& table = snapshots()[next++ % kDistinctSnapshots];
    rule.weigh(engine::Snapshot{0, kMid, table.columns()}, weights);
    benchmark::DoNotOptimize(weights.miners(Side::kBid).data());
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<std::int64_t>(kMiners * kOrdersPerMiner));
}
BENCHMARK(BM_WeightKernel);

void BM_Apportion(benchmark::State& state) {
  SplitMix random(1);
  std::vector<MinerId> miners(kMiners);
  std::vector<double> weights(kMiners);
  for (std::uint32_t i = 0; i < kMiners; ++i) {
    miners[i] = i;
    weights[i] = random.uniform(0.1, 10.0);
  }
  std::vector<BaseUnits> shares(kMiners);
  engine::LargestRemainder method;
  for (auto _ : state) {
    method.apportion(1'984'126, miners, weights, shares);
    benchmark::DoNotOptimize(shares.data());
  }
  state.SetItemsProcessed(state.iterations() * kMiners);
}
BENCHMARK(BM_Apportion);

void BM_ScoreWeek(benchmark::State& state) {
  const Campaign campaign = make_campaign(20'000'000'000, kWeekSlots, 1, 0.02, 8.0);
  for (auto _ : state) {
    engine::RewardLedger ledger(campaign);
    for (std::int64_t slot = 0; slot < kWeekSlots; ++slot) {
      const OrderTable& table = snapshots()[static_cast<std::size_t>(slot) % kDistinctSnapshots];
      benchmark::DoNotOptimize(
          &ledger.score(0, engine::Snapshot{slot_time(slot), kMid, table.columns()}));
    }
    ledger.close();
  }
  state.SetItemsProcessed(state.iterations() * kWeekSlots *
                          static_cast<std::int64_t>(kMiners * kOrdersPerMiner));
}
BENCHMARK(BM_ScoreWeek)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
