#pragma once

#include <cstdint>
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
///
/// The leftover units go to the first `leftover` claimants in the order (remainder descending,
/// miner id ascending); that set is unique, so how it is found does not change the result. It is
/// found in linear time: the remainders are counted into buckets by their leading digits, the
/// bucket holding the cut is located, and only the claimants in that bucket are ordered.
class LargestRemainder {
 public:
  /// Writes each claimant's share into `shares` (same length as `miners` and `weights`).
  /// Requires pool ≥ 0, finite weights ≥ 0 with a positive sum, and distinct miner ids; the sum
  /// may exceed the largest double (it is taken in long double).
  void apportion(BaseUnits pool, std::span<const MinerId> miners, std::span<const double> weights,
                 std::span<BaseUnits> shares);

 private:
  struct Candidate {
    double remainder;  ///< quota − floor(quota), in [0, 1]
    MinerId miner;     ///< tie-break
    std::uint32_t position;
  };

  /// Writes floor(quota) into `shares` and each remainder into remainder_ (−1 for claimants
  /// without weight, who never receive a leftover unit); returns Σ floors.
  template <typename Real>
  BaseUnits floor_quotas(BaseUnits pool, std::span<const double> weights, Real total,
                         std::span<BaseUnits> shares);

  /// Adds one unit to the `take` eligible claimants first in (remainder ↓, miner ↑) order;
  /// 0 < take < eligible.
  void give_to_largest(std::size_t take, std::span<const MinerId> miners,
                       std::span<BaseUnits> shares);

  std::vector<double> remainder_;
  std::vector<std::uint16_t> bucket_;  ///< per claimant: 0 = no weight, else 1 + leading digits
  std::vector<std::uint32_t> count_;   ///< claimants per bucket
  std::vector<Candidate> candidates_;
};

}  // namespace lmsim::engine
