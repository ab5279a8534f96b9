#pragma once

#include <span>
#include <vector>

#include "engine/money.hpp"
#include "engine/snapshot.hpp"

namespace lmsim::engine {

/// Shares an integer pool among claimants in proportion to their weights with the largest-
/// remainder (Hamilton) method: everyone gets the floor of their exact quota pool·w/Σw, and the
/// units left over go one each to the largest fractional remainders. The result always sums to
/// the pool exactly and every share is within one unit of its quota. Ties between equal
/// remainders go to the smaller `MinerId`, so the outcome does not depend on the order in which
/// claimants are listed. The scratch buffers are reused across calls.
class LargestRemainder {
 public:
  /// Writes each claimant's share into `shares` (same length as `miners` and `weights`).
  /// Requires pool ≥ 0, finite weights ≥ 0 with a positive sum, and distinct miner ids; the sum
  /// may exceed the largest double (it is taken in long double).
  void apportion(BaseUnits pool, std::span<const MinerId> miners, std::span<const double> weights,
                 std::span<BaseUnits> shares);

 private:
  struct Candidate {
    double remainder;  ///< quota − floor(quota), in [0, 1)
    MinerId miner;     ///< tie-break
    std::uint32_t position;
  };

  /// Writes floor(quota) into `shares` and the remainders into candidates_; returns Σ floors.
  template <typename Real>
  BaseUnits floor_quotas(BaseUnits pool, std::span<const MinerId> miners,
                         std::span<const double> weights, Real total, std::span<BaseUnits> shares);

  std::vector<Candidate> candidates_;
};

}  // namespace lmsim::engine
