#include "sim/core/miners/one_sided.hpp"

#include "sim/core/miners/hummingbot_version.hpp"

namespace lmsim::sim::miners {

StrategyKind one_sided_kind() {
  using P = OneSidedParams;
  engine::ParamSpec<P> spec;
  spec.choice<Side>(
          "side", [](P& p) -> Side& { return p.side; }, {"buy", "sell"},
          std::vector<Side>{Side::kBid, Side::kAsk}, "the side quoted: \"buy\" (bids) or \"sell\"")
      .required();
  add_target_keys(spec, "distance of the order from the mid, percent");
  spec.number(
      "tolerance", [](P& p) -> double& { return p.tolerance; }, engine::Bounds::between(0.0, 100.0),
      "keep the order while it lies within this of where it is wanted, percent of the mid");
  return engine::make_kind<P, MinerStrategy, StrategySetup>(
      "one_sided", "one order on one side of the book only", std::move(spec),
      [](const P& params, const StrategySetup&) {
        return std::unique_ptr<MinerStrategy>(std::make_unique<OneSided>(params));
      });
}

OneSided::OneSided(const OneSidedParams& params)
    : TargetQuoter(params.tolerance / 100.0), params_(params) {}

bool OneSided::want(const MinerView& view, std::vector<WantedOrder>& wanted) {
  const std::optional<double> mid = view.mid();
  if (!mid) return false;
  const MarketSpec& spec = view.spec();
  const double spread = params_.spread / 100.0;
  const Ticks price =
      params_.side == Side::kBid ? bid_at(spec, *mid, spread) : ask_at(spec, *mid, spread);
  wanted.push_back({params_.side, price, quantize_amount(spec, params_.order_amount)});
  return true;
}

}  // namespace lmsim::sim::miners
