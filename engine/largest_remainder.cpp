#include "engine/largest_remainder.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <type_traits>

namespace lmsim::engine {

namespace {

// Up to 2^40 units (10^12: a thousand tokens at 9 decimals per snapshot) double quotas sum to the
// pool within far less than a unit, and the leftover correction below absorbs the odd floor that
// rounding moves; larger pools are computed in long double, whose 64-bit mantissa holds any int64.
constexpr BaseUnits kDoublePoolLimit = BaseUnits{1} << 40;

// Remainder buckets: about one claimant per bucket, so that the bucket holding the cut is
// usually tiny; powers of two, so that r · buckets is exact and the bucket order is the
// remainder order.
constexpr std::size_t kMinBuckets = 16;
constexpr std::size_t kMaxBuckets = 4096;

bool larger_first(double remainder_a, MinerId miner_a, double remainder_b, MinerId miner_b) {
  return remainder_a != remainder_b ? remainder_a > remainder_b : miner_a < miner_b;
}

}  // namespace

template <typename Real>
BaseUnits LargestRemainder::floor_quotas(BaseUnits pool, std::span<const double> weights,
                                         Real total, std::span<BaseUnits> shares) {
  BaseUnits floors = 0;
  remainder_.resize(weights.size());
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const Real quota = static_cast<Real>(pool) * (static_cast<Real>(weights[i]) / total);
    // Quotas are ≥ 0 and at most the pool; a double one is below 2^41, where truncation is the
    // floor (and, unlike std::floor on the baseline x86-64 target, not a library call).
    BaseUnits floor = 0;
    if constexpr (std::is_same_v<Real, double>) {
      floor = static_cast<BaseUnits>(quota);
    } else {
      floor = static_cast<BaseUnits>(std::floor(quota));
    }
    floor = std::clamp(floor, BaseUnits{0}, pool);
    shares[i] = floor;
    floors += floor;
    // Claimants without weight never receive a leftover unit.
    remainder_[i] = weights[i] > 0.0 ? static_cast<double>(quota - static_cast<Real>(floor)) : -1.0;
  }
  return floors;
}

void LargestRemainder::give_to_largest(std::size_t take, std::span<const MinerId> miners,
                                       std::span<BaseUnits> shares) {
  const std::size_t count = remainder_.size();
  const std::size_t buckets = std::clamp(std::bit_ceil(count), kMinBuckets, kMaxBuckets);
  const auto scale = static_cast<double>(buckets);
  bucket_.resize(count);
  count_.assign(buckets + 1, 0);
  const auto top = static_cast<int>(buckets);
  for (std::size_t i = 0; i < count; ++i) {
    // Remainders lie in [0, 1] (a long double one may round up to 1 as a double): buckets 1 to
    // `buckets`; claimants without weight (remainder −1) land in bucket 0.
    const int bucket = std::clamp(static_cast<int>(remainder_[i] * scale) + 1, 0, top);
    bucket_[i] = static_cast<std::uint16_t>(bucket);
    ++count_[static_cast<std::size_t>(bucket)];
  }
  // The bucket where the `take` largest end: everyone above it gets a unit, and within it the
  // remaining `need` are chosen by the full order.
  std::size_t cut = buckets;
  std::size_t above = 0;
  while (above + count_[cut] < take) above += count_[cut--];
  const std::size_t need = take - above;
  // Two loops: the first has no branch at all (a branch on whether a remainder lies above the
  // cut is taken at random), the second branches only for the few claimants in the cut bucket.
  const std::uint16_t* const bucket = bucket_.data();
  const auto cut_bucket = static_cast<std::uint16_t>(cut);
  for (std::size_t i = 0; i < count; ++i) {
    shares[i] += static_cast<BaseUnits>(bucket[i] > cut_bucket);
  }
  candidates_.clear();
  for (std::size_t i = 0; i < count; ++i) {
    if (bucket[i] == cut_bucket) {
      candidates_.push_back(Candidate{remainder_[i], miners[i], static_cast<std::uint32_t>(i)});
    }
  }
  if (need < candidates_.size()) {
    std::nth_element(candidates_.begin(),
                     candidates_.begin() + static_cast<std::ptrdiff_t>(need - 1), candidates_.end(),
                     [](const Candidate& a, const Candidate& b) {
                       return larger_first(a.remainder, a.miner, b.remainder, b.miner);
                     });
  }
  for (std::size_t k = 0; k < need; ++k) ++shares[candidates_[k].position];
}

void LargestRemainder::apportion(BaseUnits pool, std::span<const MinerId> miners,
                                 std::span<const double> weights, std::span<BaseUnits> shares) {
  const std::size_t count = weights.size();
  if (miners.size() != count || shares.size() != count) {
    throw std::invalid_argument("LargestRemainder: miners, weights and shares differ in length");
  }
  if (pool < 0) throw std::invalid_argument("LargestRemainder: pool must be >= 0");
  long double total = 0.0L;
  std::size_t eligible = 0;
  for (const double weight : weights) {
    if (!(weight >= 0.0) || !std::isfinite(weight)) {
      throw std::invalid_argument("LargestRemainder: weights must be finite and >= 0");
    }
    total += weight;
    eligible += weight > 0.0 ? 1 : 0;
  }
  if (!(total > 0.0L)) throw std::invalid_argument("LargestRemainder: weights sum to zero");

  // Finite weights can add up to more than a double holds (two of 1.7e308): their quotas are
  // then computed in long double too, whose range holds any sum of doubles.
  const bool double_total = std::isfinite(static_cast<double>(total));
  const BaseUnits floors =
      pool <= kDoublePoolLimit && double_total
          ? floor_quotas<double>(pool, weights, static_cast<double>(total), shares)
          : floor_quotas<long double>(pool, weights, total, shares);

  // Exact arithmetic would leave 0 ≤ leftover < count; rounding in the quotas can push it just
  // outside that range, so both directions are handled and the pool is always matched exactly.
  BaseUnits leftover = pool - floors;
  while (leftover > 0) {
    const auto take = static_cast<std::size_t>(std::min<BaseUnits>(leftover, eligible));
    if (take < eligible) {
      give_to_largest(take, miners, shares);
    } else {
      for (std::size_t i = 0; i < count; ++i) shares[i] += remainder_[i] >= 0.0 ? 1 : 0;
    }
    leftover -= static_cast<BaseUnits>(take);
  }
  if (leftover < 0) {
    candidates_.clear();
    for (std::size_t i = 0; i < count; ++i) {
      if (remainder_[i] >= 0.0) {
        candidates_.push_back(Candidate{remainder_[i], miners[i], static_cast<std::uint32_t>(i)});
      }
    }
  }
  while (leftover < 0) {
    // Take units back from the smallest remainders among claimants that have a unit to give.
    const auto smaller_first = [&](const Candidate& a, const Candidate& b) {
      const bool a_has = shares[a.position] > 0;
      const bool b_has = shares[b.position] > 0;
      return a_has != b_has ? a_has : larger_first(b.remainder, b.miner, a.remainder, a.miner);
    };
    std::sort(candidates_.begin(), candidates_.end(), smaller_first);
    for (std::size_t k = 0; k < eligible && leftover < 0; ++k) {
      if (shares[candidates_[k].position] > 0) {
        --shares[candidates_[k].position];
        ++leftover;
      }
    }
  }
}

}  // namespace lmsim::engine
