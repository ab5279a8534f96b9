#pragma once

#include "sim/core/miners/target_quoter.hpp"

namespace lmsim::sim::miners {

/// Parameters of the flicker. Percentages are percent of the mid.
struct FlickerParams {
  double order_amount = 0.0;   ///< base asset per side: large
  double spread = 0.0;         ///< percent from the mid where orders are posted
  double flee_distance = 0.0;  ///< percent: an order this close to the mid is pulled; < spread
  Nanos order_lifetime = 5 * engine::kNanosPerSecond;  ///< an order this old is re-posted
};

/// The registered strategy "flicker": a large order on each side at `spread` from the mid (inside
/// the campaign's band, so it is eligible), pulled as soon as the mid comes within
/// `flee_distance` of it — before a taker can reach it — and re-posted at `spread` from the new
/// mid, further away; an order is also pulled and re-posted once it is `order_lifetime` old, and
/// when the mid moves away from it as far as it would have to come towards it (its distance from
/// the mid beyond 2 × spread − flee_distance). Eligible at most snapshots, rarely filled.
StrategyKind flicker_kind();

class Flicker final : public TargetQuoter {
 public:
  explicit Flicker(const FlickerParams& params);

 protected:
  Nanos timer(Nanos now) const override;
  void restart_strategy(Nanos now) override;
  bool want(const MinerView& view, std::vector<WantedOrder>& wanted) override;
  bool must_cancel(const MinerView& view, const ClientOrder& order) const override;
  void after_tick(const MinerView& view) override;

 private:
  FlickerParams params_;
  Nanos next_expiry_ = std::numeric_limits<Nanos>::max();  ///< when the oldest order expires
};

}  // namespace lmsim::sim::miners
