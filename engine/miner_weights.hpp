#pragma once

#include <array>
#include <span>
#include <vector>

#include "engine/side.hpp"
#include "engine/snapshot.hpp"

namespace lmsim::engine {

/// Each miner's summed weight on each side of one snapshot, in dense per-miner arrays, plus the
/// list of miners with a positive weight on each side in increasing id order. Weights are
/// accumulated without branches (zero weights add nothing); `finish()` then lists the weighted
/// miners, scanning the dense arrays when the snapshot is dense in miners and sorting the few
/// candidates when it is sparse, so both a 10,000-order snapshot and a 3-order one stay cheap.
class MinerWeights {
 public:
  /// Zeroes the weights of the previous snapshot.
  void clear();

  /// Adds every order's weight (≥ 0, one per order) to its miner's total on its side.
  void accumulate(std::span<const Side> sides, std::span<const MinerId> miners,
                  std::span<const double> weights);

  /// Adds one weight (≥ 0); for rules that weigh miners rather than orders.
  void add(Side side, MinerId miner, double weight);

  /// Lists the miners with positive weight; call after the last accumulate/add of a snapshot.
  void finish();

  double weight(Side side, MinerId miner) const {
    return miner < capacity_ ? weight_[index(side, miner)] : 0.0;
  }

  /// Miners with a positive weight on `side`, in increasing id order (valid after `finish`).
  std::span<const MinerId> miners(Side side) const { return listed_[side_index(side)]; }

 private:
  std::size_t index(Side side, MinerId miner) const {
    return static_cast<std::size_t>(side_index(side)) * capacity_ + miner;
  }
  void reserve_miner(MinerId largest);

  std::size_t capacity_ = 0;              ///< miners per side in weight_
  std::vector<double> weight_;            ///< [side * capacity_ + miner]
  std::vector<unsigned char> candidate_;  ///< miner seen in this snapshot (sparse path)
  std::vector<MinerId> candidates_;       ///< miners seen in this snapshot (sparse path)
  MinerId largest_seen_ = 0;
  std::size_t entries_ = 0;          ///< weights added in this snapshot
  bool candidates_complete_ = true;  ///< every miner of this snapshot is in candidates_
  std::array<std::vector<MinerId>, kSideCount> listed_;
};

}  // namespace lmsim::engine
