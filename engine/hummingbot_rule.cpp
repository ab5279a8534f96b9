#include "engine/hummingbot_rule.hpp"

#include "engine/hummingbot_kernel.hpp"

#include <Eigen/Core>
#include <cmath>
#include <stdexcept>

namespace lmsim::engine {

HummingbotRule::HummingbotRule(const HummingbotParams& params) : params_(params) {}

double HummingbotRule::spread_weight(double spread) const {
  if (!(spread <= params_.max_spread)) return 0.0;
  // The same Eigen exp the kernel uses, so this scalar form gives the kernel's exact bits.
  Eigen::Array2d argument =
      Eigen::Array2d::Constant(spread * (-params_.spread_factor / params_.max_spread));
  return argument.exp()(0);
}

void HummingbotRule::weigh(const Snapshot& snapshot, MinerWeights& weights) {
  const OrderColumns& orders = snapshot.orders;
  const auto count = orders.size();
  if (!(snapshot.mid > 0.0)) throw std::invalid_argument("HummingbotRule: mid must be > 0");
  if (params_.max_order_age && orders.created.size() != count) {
    throw std::invalid_argument("HummingbotRule: max_order_age needs order creation times");
  }
  if (spread_.size() < count) {
    spread_.resize(count);
    order_weight_.resize(count);
  }
  last_size_ = count;

  const HummingbotKernelParams kernel{snapshot.mid, -params_.spread_factor / params_.max_spread,
                                      params_.max_spread, params_.min_order_amount};
  hummingbot_order_weights(orders.price, orders.amount, kernel, {spread_.data(), count},
                           {order_weight_.data(), count});
  double* const out = order_weight_.data();
  if (params_.max_order_age) {
    const Nanos max_age = *params_.max_order_age;
    for (std::size_t i = 0; i < count; ++i) {
      if (snapshot.time - orders.created[i] >= max_age) out[i] = 0.0;
    }
  }
  weights.accumulate(orders.side, orders.miner, {out, count});
  weights.finish();
}

RuleKind hummingbot_rule_kind() {
  using P = HummingbotParams;
  ParamSpec<P> spec;
  spec.number(
          "max_spread", [](P& p) -> double& { return p.max_spread; }, Bounds::above_up_to(0.0, 1.0),
          "s_max: orders further than this fraction of the mid from it earn nothing (0.01 = 1%)")
      .required()
      .number(
          "spread_factor", [](P& p) -> double& { return p.spread_factor; },
          Bounds::between(0.0, 1000.0),
          "λ in the spread weight ρ(s) = exp(−λ·s/s_max); 0 weighs by size only")
      .number(
          "bid_share", [](P& p) -> double& { return p.bid_share; }, Bounds::between(0.0, 1.0),
          "fraction of every snapshot's pool paid to the bid side")
      .number(
          "min_order_amount", [](P& p) -> double& { return p.min_order_amount; },
          Bounds::at_least(0.0), "orders smaller than this (base asset) are ineligible")
      .optional_duration(
          "max_order_age", [](P& p) -> std::optional<Nanos>& { return p.max_order_age; },
          Bounds::above(0.0), "orders this old or older are ineligible (unset: no limit)");
  RuleKind kind = make_kind<P, ScoringRule, RuleContext>(
      "hummingbot",
      "Hummingbot liquidity mining: each side's pool shared by size weighted by "
      "exp(−λ·spread/max_spread), paid every snapshot",
      std::move(spec), [](const P& params, const RuleContext&) -> std::unique_ptr<ScoringRule> {
        return std::make_unique<HummingbotRule>(params);
      });
  kind.inline_params = true;
  return kind;
}

std::shared_ptr<const RuleConfig> hummingbot_rule(const HummingbotParams& params) {
  std::unique_ptr<RuleConfig> rule = configure_rule("hummingbot");
  static_cast<ParamHolder<HummingbotParams>&>(rule->params()).value() = params;
  return rule;
}

}  // namespace lmsim::engine
