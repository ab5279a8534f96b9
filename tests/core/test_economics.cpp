#include <catch2/catch.hpp>

#include "sim/core/miners/economics.hpp"

using namespace lmsim;
using namespace lmsim::sim::miners;

namespace {

constexpr engine::Nanos kHour = engine::kNanosPerHour;

ReviewInputs published(double reward_per_day, double eligible, double planned, double capital) {
  ReviewInputs in;
  in.reward_per_day = reward_per_day;
  in.eligible_liquidity = eligible;
  in.planned_size = planned;
  in.capital = capital;
  return in;
}

}  // namespace

TEST_CASE("MinerEconomics: the published yield of the liquidity the miner would join",
          "[economics]") {
  MinerEconomics economics({});
  // 100 a day shared by 1,000 of others' liquidity and the miner's 1,000: it expects 50 a day,
  // 50 × 365.25 / 10,000 of capital = 1.82625 a year.
  const EconomicsDecision decision = economics.review(published(100.0, 1000.0, 1000.0, 10000.0));
  CHECK(decision.expected_yield == Approx(1.82625));
  CHECK(decision.active);
  // Its own eligible liquidity at the last snapshot is not counted twice.
  ReviewInputs in = published(100.0, 2000.0, 1000.0, 10000.0);
  in.own_eligible = 1000.0;
  in.now = kHour;
  CHECK(economics.review(in).expected_yield == Approx(1.82625));
}

TEST_CASE("MinerEconomics: a hysteresis band around the reservation yield", "[economics]") {
  EconomicsParams params;
  params.reservation_yield = 0.10;
  params.hysteresis = 0.02;
  MinerEconomics economics(params);
  // Capital 36,525 and 1 a day of reward for its whole size: 0.01 a year per unit of reward.
  const auto at = [&](double reward_per_day, int hour) {
    ReviewInputs in = published(reward_per_day, 0.0, 1000.0, 36525.0);
    in.now = hour * kHour;
    return economics.review(in);
  };
  CHECK(at(10.5, 0).active);        // 0.105: active miners stay above 0.09
  CHECK(at(9.5, 1).active);         // 0.095: still within the band
  CHECK_FALSE(at(8.9, 2).active);   // 0.089: leaves
  CHECK_FALSE(at(10.5, 3).active);  // 0.105: not enough to come back (needs > 0.11)
  CHECK(at(11.5, 4).active);        // 0.115: back
}

TEST_CASE("MinerEconomics: the trailing signal is what the miner earned over the lookback",
          "[economics]") {
  EconomicsParams params;
  params.signal = YieldSignal::kTrailing;
  params.lookback = 2 * kHour;
  params.reservation_yield = 0.0;
  MinerEconomics economics(params);
  ReviewInputs in;
  in.capital = 8766.0;  // hours in a year: 1 earned an hour is 1 a year per unit of capital
  in.now = 0;
  economics.review(in);
  in.now = kHour;
  in.reward_total = 1.0;
  in.active_total = kHour;
  CHECK(economics.review(in).realised_yield == Approx(1.0));
  in.now = 2 * kHour;
  in.reward_total = 3.0;  // 2 in the second hour
  in.active_total = 2 * kHour;
  CHECK(economics.review(in).expected_yield == Approx(1.5));  // 3 over two hours
  in.now = 3 * kHour;
  in.reward_total = 3.0;  // nothing in the third hour: the window holds hours 2 and 3
  in.trading_total = -1.0;
  in.active_total = 3 * kHour;
  const EconomicsDecision decision = economics.review(in);
  CHECK(decision.expected_yield == Approx(0.5));  // (2 − 1) over two hours
  CHECK(decision.realised_yield == Approx(0.5));
}

TEST_CASE("MinerEconomics: sizes scale with the expected yield over the reservation yield",
          "[economics]") {
  EconomicsParams params;
  params.size_policy = SizePolicy::kYieldScaled;
  params.reservation_yield = 0.1;
  params.min_size_scale = 0.5;
  params.max_size_scale = 3.0;
  MinerEconomics economics(params);
  CHECK(economics.review(published(20.0, 0.0, 1000.0, 36525.0)).size_scale == Approx(2.0));
  ReviewInputs in = published(100.0, 0.0, 1000.0, 36525.0);
  in.now = kHour;
  CHECK(economics.review(in).size_scale == Approx(3.0));  // capped
}

TEST_CASE("MinerEconomics: a best response tries every spread once, then the best payoff",
          "[economics]") {
  EconomicsParams params;
  params.spread_policy = SpreadPolicy::kBestResponse;
  params.spreads = {0.1, 0.2, 0.5};
  params.reservation_yield = 0.0;
  params.exploration = 0.0;  // pure exploitation once every spread was tried
  MinerEconomics economics(params);
  ReviewInputs in = published(1.0, 0.0, 1.0, 8766.0);
  // The payoff of each hour: 1, 3, 2 (per hour) under spreads 0.1, 0.2, 0.5.
  const double payoff[] = {1.0, 3.0, 2.0};
  std::vector<double> chosen;
  double total = 0.0;
  for (int hour = 0; hour < 6; ++hour) {
    in.now = hour * kHour;
    in.active_total = hour * kHour;
    in.reward_total = total;
    const EconomicsDecision decision = economics.review(in);
    chosen.push_back(*decision.spread);
    total += payoff[decision.spread_choice];
  }
  CHECK(chosen == std::vector<double>{0.1, 0.2, 0.5, 0.2, 0.2, 0.2});
}

TEST_CASE("MinerEconomics: a better market elsewhere takes the miner away", "[economics]") {
  MinerEconomics economics({});
  ReviewInputs in = published(10.0, 0.0, 1000.0, 36525.0);  // 0.1 a year here
  in.outside_yield = 0.3;
  const EconomicsDecision decision = economics.review(in);
  CHECK_FALSE(decision.active);
  CHECK(decision.outside);
}
