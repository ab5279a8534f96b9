#include "engine/size_only_rule.hpp"

#include <cmath>
#include <stdexcept>

namespace lmsim::engine {

SizeOnlyRule::SizeOnlyRule(const SizeOnlyParams& params) : params_(params) {}

void SizeOnlyRule::weigh(const Snapshot& snapshot, MinerWeights& weights) {
  const OrderColumns& orders = snapshot.orders;
  const std::size_t count = orders.size();
  if (!(snapshot.mid > 0.0)) throw std::invalid_argument("SizeOnlyRule: mid must be > 0");
  if (order_weight_.size() < count) order_weight_.resize(count);
  last_size_ = count;
  const double mid = snapshot.mid;
  double* const out = order_weight_.data();
  for (std::size_t i = 0; i < count; ++i) {
    // The spread is computed exactly as Hummingbot's rule computes it, so both rules agree on
    // which orders are eligible.
    const double spread = std::abs(orders.price[i] - mid) / mid;
    const bool eligible =
        (spread <= params_.max_spread) & (orders.amount[i] >= params_.min_order_amount);
    out[i] = eligible ? orders.amount[i] : 0.0;
  }
  weights.accumulate(orders.side, orders.miner, {out, count});
  weights.finish();
}

void add_control_rule_keys(ParamSpec<SizeOnlyParams>& spec, const std::string& max_spread_doc) {
  using P = SizeOnlyParams;
  spec.number(
          "max_spread", [](P& p) -> double& { return p.max_spread; }, Bounds::above_up_to(0.0, 1.0),
          max_spread_doc)
      .number(
          "bid_share", [](P& p) -> double& { return p.bid_share; }, Bounds::between(0.0, 1.0),
          "fraction of every snapshot's pool paid to the bid side")
      .number(
          "min_order_amount", [](P& p) -> double& { return p.min_order_amount; },
          Bounds::at_least(0.0), "orders smaller than this (base asset) are ineligible");
}

RuleKind size_only_rule_kind() {
  using P = SizeOnlyParams;
  ParamSpec<P> spec;
  add_control_rule_keys(
      spec, "orders further than this fraction of the mid from it earn nothing (0.01 = 1%)");
  return make_kind<P, ScoringRule, RuleContext>(
      "size_only",
      "Control: each side's pool shared by eligible size inside max_spread, without spread "
      "weighting, paid every snapshot",
      std::move(spec), [](const P& params, const RuleContext&) -> std::unique_ptr<ScoringRule> {
        return std::make_unique<SizeOnlyRule>(params);
      });
}

}  // namespace lmsim::engine
