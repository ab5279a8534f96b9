#include "sim/core/miners/whale.hpp"

namespace lmsim::sim::miners {

StrategyKind whale_kind() {
  using P = WhaleParams;
  engine::ParamSpec<P> spec;
  add_target_keys(spec,
                  "distance of each order from the mid, percent (an order sits at most "
                  "this far away, rounded to the tick towards the mid)");
  spec.number(
      "tolerance", [](P& p) -> double& { return p.tolerance; }, engine::Bounds::between(0.0, 100.0),
      "keep an order while it lies within this of where it is wanted, percent of the mid");
  return engine::make_kind<P, MinerStrategy, StrategySetup>(
      "whale", "very large size parked on both sides at the edge of the campaign's band",
      std::move(spec), [](const P& params, const StrategySetup&) {
        return std::unique_ptr<MinerStrategy>(std::make_unique<Whale>(params));
      });
}

Whale::Whale(const WhaleParams& params) : TargetQuoter(params.tolerance / 100.0), params_(params) {}

bool Whale::want(const MinerView& view, std::vector<WantedOrder>& wanted) {
  return want_both_sides(view, params_.order_amount, params_.spread, wanted);
}

}  // namespace lmsim::sim::miners
