#include "engine/miner_weights.hpp"

#include <algorithm>

namespace lmsim::engine {

void MinerWeights::clear() {
  if (entries_ == 0) return;
  // Only the rows that can hold weights of this snapshot are reset.
  const std::size_t used = std::size_t{largest_seen_} + 1;
  for (int side = 0; side < kSideCount; ++side) {
    std::fill_n(weight_.begin() + static_cast<std::ptrdiff_t>(side * capacity_), used, 0.0);
    listed_[side].clear();
  }
  for (const MinerId miner : candidates_) candidate_[miner] = 0;
  candidates_.clear();
  largest_seen_ = 0;
  entries_ = 0;
  candidates_complete_ = true;
}

void MinerWeights::reserve_miner(MinerId largest) {
  largest_seen_ = std::max(largest_seen_, largest);
  if (largest < capacity_) return;
  // Doubling keeps the amortised cost per new miner constant; rows move to the new stride.
  const std::size_t capacity = std::max<std::size_t>(std::size_t{largest} + 1, 2 * capacity_);
  std::vector<double> grown(kSideCount * capacity, 0.0);
  for (int side = 0; side < kSideCount; ++side) {
    std::copy_n(weight_.begin() + static_cast<std::ptrdiff_t>(side * capacity_), capacity_,
                grown.begin() + static_cast<std::ptrdiff_t>(side * capacity));
  }
  weight_.swap(grown);
  candidate_.resize(capacity, 0);
  capacity_ = capacity;
}

void MinerWeights::accumulate(std::span<const Side> sides, std::span<const MinerId> miners,
                              std::span<const double> weights) {
  if (miners.empty()) return;
  reserve_miner(*std::max_element(miners.begin(), miners.end()));
  double* const weight = weight_.data();
  const std::size_t stride = capacity_;
  for (std::size_t i = 0; i < miners.size(); ++i) {
    weight[static_cast<std::size_t>(sides[i]) * stride + miners[i]] += weights[i];
  }
  entries_ += miners.size();
  // When few orders face many miner ids, listing the miners from candidates beats scanning
  // every id; collecting them costs a branch per order, so dense snapshots skip it.
  if (miners.size() * 4 >= std::size_t{largest_seen_} + 1) {
    candidates_complete_ = false;
    return;
  }
  for (const MinerId miner : miners) {
    if (!candidate_[miner]) {
      candidate_[miner] = 1;
      candidates_.push_back(miner);
    }
  }
}

void MinerWeights::add(Side side, MinerId miner, double weight) {
  accumulate(std::span(&side, 1), std::span(&miner, 1), std::span(&weight, 1));
}

void MinerWeights::finish() {
  const std::size_t used = std::size_t{largest_seen_} + 1;
  const auto list = [&](MinerId miner) {
    for (int side = 0; side < kSideCount; ++side) {
      if (weight_[side * capacity_ + miner] > 0.0) listed_[side].push_back(miner);
    }
  };
  if (entries_ == 0) return;
  if (candidates_complete_ && entries_ * 4 < used) {
    std::sort(candidates_.begin(), candidates_.end());
    for (const MinerId miner : candidates_) list(miner);
  } else {
    // Dense: every id is written and the count advanced only past positive weights, which
    // avoids a hard-to-predict branch per miner and side.
    for (int side = 0; side < kSideCount; ++side) {
      std::vector<MinerId>& listed = listed_[side];
      listed.resize(used);
      const double* const weight = weight_.data() + side * capacity_;
      std::size_t count = 0;
      for (std::size_t miner = 0; miner < used; ++miner) {
        listed[count] = static_cast<MinerId>(miner);
        count += weight[miner] > 0.0 ? 1 : 0;
      }
      listed.resize(count);
    }
  }
}

}  // namespace lmsim::engine
