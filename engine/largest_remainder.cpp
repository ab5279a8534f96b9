#include "engine/largest_remainder.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lmsim::engine {

namespace {

// Up to 2^40 units (10^12: a thousand tokens at 9 decimals per snapshot) double quotas sum to the
// pool within far less than a unit, and the leftover correction below absorbs the odd floor that
// rounding moves; larger pools are computed in long double, whose 64-bit mantissa holds any int64.
constexpr BaseUnits kDoublePoolLimit = BaseUnits{1} << 40;

}  // namespace

template <typename Real>
BaseUnits LargestRemainder::floor_quotas(BaseUnits pool, std::span<const MinerId> miners,
                                         std::span<const double> weights, Real total,
                                         std::span<BaseUnits> shares) {
  BaseUnits floors = 0;
  candidates_.clear();
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const Real quota = static_cast<Real>(pool) * (static_cast<Real>(weights[i]) / total);
    const auto floor = std::clamp(static_cast<BaseUnits>(std::floor(quota)), BaseUnits{0}, pool);
    shares[i] = floor;
    floors += floor;
    // Claimants without weight never receive a leftover unit.
    if (weights[i] > 0.0) {
      candidates_.push_back(Candidate{static_cast<double>(quota - static_cast<Real>(floor)),
                                      miners[i], static_cast<std::uint32_t>(i)});
    }
  }
  return floors;
}

void LargestRemainder::apportion(BaseUnits pool, std::span<const MinerId> miners,
                                 std::span<const double> weights, std::span<BaseUnits> shares) {
  const std::size_t count = weights.size();
  if (miners.size() != count || shares.size() != count) {
    throw std::invalid_argument("LargestRemainder: miners, weights and shares differ in length");
  }
  if (pool < 0) throw std::invalid_argument("LargestRemainder: pool must be >= 0");
  long double total = 0.0L;
  for (const double weight : weights) {
    if (!(weight >= 0.0) || !std::isfinite(weight)) {
      throw std::invalid_argument("LargestRemainder: weights must be finite and >= 0");
    }
    total += weight;
  }
  if (!(total > 0.0L)) throw std::invalid_argument("LargestRemainder: weights sum to zero");

  // Finite weights can add up to more than a double holds (two of 1.7e308): their quotas are
  // then computed in long double too, whose range holds any sum of doubles.
  const bool double_total = std::isfinite(static_cast<double>(total));
  const BaseUnits floors =
      pool <= kDoublePoolLimit && double_total
          ? floor_quotas<double>(pool, miners, weights, static_cast<double>(total), shares)
          : floor_quotas<long double>(pool, miners, weights, total, shares);
  const std::size_t eligible = candidates_.size();

  // Exact arithmetic would leave 0 ≤ leftover < count; rounding in the quotas can push it just
  // outside that range, so both directions are handled and the pool is always matched exactly.
  BaseUnits leftover = pool - floors;
  const auto larger_first = [](const Candidate& a, const Candidate& b) {
    return a.remainder != b.remainder ? a.remainder > b.remainder : a.miner < b.miner;
  };
  while (leftover > 0) {
    const auto take = static_cast<std::size_t>(std::min<BaseUnits>(leftover, eligible));
    if (take < eligible) {
      std::nth_element(candidates_.begin(),
                       candidates_.begin() + static_cast<std::ptrdiff_t>(take - 1),
                       candidates_.end(), larger_first);
    }
    for (std::size_t k = 0; k < take; ++k) ++shares[candidates_[k].position];
    leftover -= static_cast<BaseUnits>(take);
  }
  while (leftover < 0) {
    // Take units back from the smallest remainders among claimants that have a unit to give.
    const auto smaller_first = [&](const Candidate& a, const Candidate& b) {
      const bool a_has = shares[a.position] > 0;
      const bool b_has = shares[b.position] > 0;
      return a_has != b_has ? a_has : larger_first(b, a);
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
