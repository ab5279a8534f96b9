#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
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

namespace {

// Hamilton's method written the plain way: floors, then every leftover unit handed out over the
// claimants fully sorted by (remainder descending, miner ascending) — the order the bucketed
// selection of LargestRemainder must reproduce exactly.
std::vector<BaseUnits> reference_apportion(BaseUnits pool, const std::vector<MinerId>& miners,
                                           const std::vector<double>& weights) {
  const long double total = std::accumulate(weights.begin(), weights.end(), 0.0L);
  const bool in_double = pool <= (BaseUnits{1} << 40) && std::isfinite(static_cast<double>(total));
  std::vector<BaseUnits> shares(weights.size());
  struct Entry {
    double remainder;
    MinerId miner;
    std::size_t position;
  };
  std::vector<Entry> entries;
  BaseUnits leftover = pool;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    double remainder = 0.0;
    if (in_double) {
      const double quota = static_cast<double>(pool) * (weights[i] / static_cast<double>(total));
      shares[i] = std::clamp(static_cast<BaseUnits>(std::floor(quota)), BaseUnits{0}, pool);
      remainder = quota - static_cast<double>(shares[i]);
    } else {
      const long double quota = static_cast<long double>(pool) * (weights[i] / total);
      shares[i] = std::clamp(static_cast<BaseUnits>(std::floor(quota)), BaseUnits{0}, pool);
      remainder = static_cast<double>(quota - static_cast<long double>(shares[i]));
    }
    leftover -= shares[i];
    if (weights[i] > 0.0) entries.push_back(Entry{remainder, miners[i], i});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.remainder != b.remainder ? a.remainder > b.remainder : a.miner < b.miner;
  });
  // Rounding may make the floors overshoot: units go back from the smallest remainders (larger
  // ids first among equals) of claimants that have one.
  for (auto k = entries.rbegin(); leftover < 0 && k != entries.rend(); ++k) {
    if (shares[k->position] > 0) {
      --shares[k->position];
      ++leftover;
    }
  }
  for (std::size_t k = 0; leftover > 0; k = (k + 1) % entries.size(), --leftover) {
    ++shares[entries[k].position];
  }
  return shares;
}

}  // namespace

TEST_CASE("LargestRemainder: the bucketed selection matches a full sort, with ties and zeros",
          "[largest_remainder]") {
  lmsim::test::SplitMix random(2026);
  LargestRemainder method;
  for (int trial = 0; trial < 1500; ++trial) {
    // Up to 6,000 claimants: past the 4,096 buckets, and down to one claimant.
    const std::size_t count = 1 + random.below(trial % 10 == 0 ? 6000 : 1200);
    std::vector<MinerId> miners(count);
    std::iota(miners.begin(), miners.end(), MinerId{0});
    for (std::size_t i = count; i > 1; --i) std::swap(miners[i - 1], miners[random.below(i)]);
    std::vector<double> weights(count);
    const int kind = trial % 4;
    for (double& weight : weights) {
      if (random.bernoulli(0.15)) {
        weight = 0.0;
      } else if (kind == 0) {
        weight = random.uniform(0.1, 10.0);
      } else if (kind == 1) {
        weight = static_cast<double>(1 + random.below(4));  // many equal remainders
      } else if (kind == 2) {
        weight = std::ldexp(random.uniform(), static_cast<int>(random.below(60)) - 30);
      } else {
        weight = 1.0;  // every remainder equal: the ids alone decide
      }
    }
    weights[random.below(count)] = 2.5;  // a positive sum
    // Pools from a few units (fewer than the claimants, so most get only a leftover unit) to
    // beyond 2^40 (long double quotas).
    const BaseUnits pool = static_cast<BaseUnits>(
        random.below(std::uint64_t{1} << (1 + random.below(trial % 7 == 0 ? 50 : 24))));
    std::vector<BaseUnits> shares(count);
    method.apportion(pool, miners, weights, shares);
    CAPTURE(trial, count, pool, kind);
    CHECK(shares == reference_apportion(pool, miners, weights));
  }
}
