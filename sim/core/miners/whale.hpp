#pragma once

#include "sim/core/miners/target_quoter.hpp"

namespace lmsim::sim::miners {

/// Parameters of the whale. Percentages are percent of the mid (0.9 = 0.9%).
struct WhaleParams {
  double order_amount = 0.0;  ///< base asset per side: very large
  double spread = 0.0;        ///< percent; just inside the campaign's max_spread
  double tolerance = 0.1;     ///< percent: re-priced when the mid moved its order this far
};

/// The registered strategy "whale": one very large order on each side parked at `spread` from
/// the mid — at the edge of the campaign's band, where it earns for its size while takers rarely
/// reach it — re-priced when the mid has moved it more than `tolerance` away.
StrategyKind whale_kind();

class Whale final : public TargetQuoter {
 public:
  explicit Whale(const WhaleParams& params);

 protected:
  bool want(const MinerView& view, std::vector<WantedOrder>& wanted) override;

 private:
  WhaleParams params_;
};

}  // namespace lmsim::sim::miners
