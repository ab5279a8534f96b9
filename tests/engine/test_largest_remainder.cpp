#include <catch2/catch.hpp>
#include <numeric>

#include "engine/largest_remainder.hpp"
#include "support/split_mix.hpp"

using namespace lmsim::engine;

namespace {

std::vector<BaseUnits> apportion(BaseUnits pool, const std::vector<MinerId>& miners,
                                 const std::vector<double>& weights) {
  LargestRemainder method;
  std::vector<BaseUnits> shares(weights.size());
  method.apportion(pool, miners, weights, shares);
  return shares;
}

}  // namespace

TEST_CASE("LargestRemainder: Hamilton's method on a hand-computed case", "[largest_remainder]") {
  // Quotas 10·{0.5, 0.3, 0.2}·… : weights 5, 3.3, 1.7 → quotas 5, 3.3, 1.7 → floors 5, 3, 1,
  // one unit left for the largest remainder (0.7).
  CHECK(apportion(10, {0, 1, 2}, {5.0, 3.3, 1.7}) == std::vector<BaseUnits>{5, 3, 2});
  CHECK(apportion(0, {0, 1}, {1.0, 2.0}) == std::vector<BaseUnits>{0, 0});
  CHECK(apportion(7, {4}, {0.25}) == std::vector<BaseUnits>{7});
}

TEST_CASE("LargestRemainder: ties go to the smaller miner id, whatever the listing order",
          "[largest_remainder]") {
  CHECK(apportion(1, {3, 8}, {1.0, 1.0}) == std::vector<BaseUnits>{1, 0});
  CHECK(apportion(1, {8, 3}, {1.0, 1.0}) == std::vector<BaseUnits>{0, 1});
  CHECK(apportion(2, {9, 2, 5}, {1.0, 1.0, 1.0}) == std::vector<BaseUnits>{0, 1, 1});
}

TEST_CASE("LargestRemainder: exact sums and |share - quota| < 1 on random inputs",
          "[largest_remainder]") {
  lmsim::test::SplitMix random(42);
  LargestRemainder method;
  for (int trial = 0; trial < 5000; ++trial) {
    const std::size_t count = 1 + random.below(50);
    // Pools up to 2^62 exercise quotas beyond double's 2^53 integer range.
    const BaseUnits pool =
        static_cast<BaseUnits>(random.below(std::uint64_t{1} << (1 + random.below(62))));
    std::vector<MinerId> miners(count);
    std::iota(miners.begin(), miners.end(), MinerId{0});
    std::vector<double> weights(count);
    for (double& weight : weights) {
      // Mix of magnitudes, including exact zeros.
      weight = random.bernoulli(0.1)
                   ? 0.0
                   : std::ldexp(random.uniform(), static_cast<int>(random.below(40)) - 20);
    }
    weights[0] += 1e-3;  // keep the sum positive
    std::vector<BaseUnits> shares(count);
    method.apportion(pool, miners, weights, shares);
    const long double total = std::accumulate(weights.begin(), weights.end(), 0.0L);
    BaseUnits sum = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const long double quota = static_cast<long double>(pool) * (weights[i] / total);
      CAPTURE(trial, i, pool, weights[i]);
      CHECK(shares[i] >= 0);
      CHECK(std::abs(static_cast<long double>(shares[i]) - quota) < 1.0L + 1e-6L * quota);
      if (weights[i] == 0.0) CHECK(shares[i] == 0);
      sum += shares[i];
    }
    CHECK(sum == pool);
  }
}

TEST_CASE("LargestRemainder: rejects bad inputs", "[largest_remainder]") {
  LargestRemainder method;
  std::vector<BaseUnits> shares(2);
  const std::vector<MinerId> miners{0, 1};
  CHECK_THROWS_AS(method.apportion(-1, miners, std::vector<double>{1, 1}, shares),
                  std::invalid_argument);
  CHECK_THROWS_AS(method.apportion(5, miners, std::vector<double>{0, 0}, shares),
                  std::invalid_argument);
  CHECK_THROWS_AS(method.apportion(5, miners, std::vector<double>{-1, 2}, shares),
                  std::invalid_argument);
  CHECK_THROWS_AS(method.apportion(5, miners, std::vector<double>{1}, shares),
                  std::invalid_argument);
}

TEST_CASE("LargestRemainder: weights whose sum exceeds the largest double are shared exactly",
          "[largest_remainder][reliability]") {
  // Two weights of 1.7e308 sum past DBL_MAX (1.797e308); the pool must still go to them alone, not
  // be spread evenly as if every quota were zero.
  const std::vector<BaseUnits> shares =
      apportion(1000, {0, 1, 2, 3, 4}, {1.7e308, 1.7e308, 1.0, 1.0, 1.0});
  CHECK(shares == std::vector<BaseUnits>{500, 500, 0, 0, 0});
  CHECK(apportion(1'000'000'000'000'001, {0, 1}, {1.7e308, 1.7e308}) ==
        std::vector<BaseUnits>{500'000'000'000'001, 500'000'000'000'000});
}
