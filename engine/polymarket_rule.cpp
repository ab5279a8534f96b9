#include "engine/polymarket_rule.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lmsim::engine {

namespace {

/// max_spread when unset, as a fraction of the mid.
constexpr double kDefaultMaxSpread = 0.01;

}  // namespace

PolymarketRule::PolymarketRule(const PolymarketParams& params) : params_(params) {}

double PolymarketRule::order_score(double max_spread, double distance) const {
  if (!(distance < max_spread)) return 0.0;
  const double closeness = (max_spread - distance) / max_spread;
  return closeness * closeness * params_.multiplier;
}

double PolymarketRule::two_sided_score(double q_one, double q_two, double mid) const {
  const double low = std::min(q_one, q_two);
  const bool inside = mid >= params_.mid_band[0] && mid <= params_.mid_band[1];
  if (!inside) return low;
  return std::max(low, std::max(q_one, q_two) / params_.single_sided_divisor);
}

void PolymarketRule::weigh(const Snapshot& snapshot, MinerWeights& weights) {
  const OrderColumns& orders = snapshot.orders;
  const std::size_t count = orders.size();
  if (!(snapshot.mid > 0.0)) throw std::invalid_argument("PolymarketRule: mid must be > 0");
  if (order_weight_.size() < count) order_weight_.resize(count);
  last_size_ = count;
  last_mid_ = snapshot.mid;
  const double mid = snapshot.mid;
  const double max_spread = params_.max_spread.value_or(kDefaultMaxSpread * mid);
  double* const out = order_weight_.data();
  for (std::size_t i = 0; i < count; ++i) {
    const bool big_enough = orders.amount[i] >= params_.min_size;
    out[i] = big_enough
                 ? order_score(max_spread, std::abs(orders.price[i] - mid)) * orders.amount[i]
                 : 0.0;
  }
  weights.accumulate(orders.side, orders.miner, {out, count});
  weights.finish();
}

void PolymarketRule::snapshot_scores(const MinerWeights& weights, std::span<const MinerId> miners,
                                     std::span<double> scores) const {
  long double total = 0.0L;
  for (std::size_t i = 0; i < miners.size(); ++i) {
    scores[i] = two_sided_score(weights.weight(Side::kBid, miners[i]),
                                weights.weight(Side::kAsk, miners[i]), last_mid_);
    total += scores[i];
  }
  // Each sample is normalised across the makers before the epoch sums it.
  if (!(total > 0.0L)) return;
  for (double& score : scores) score = static_cast<double>(score / total);
}

RuleKind polymarket_rule_kind() {
  using P = PolymarketParams;
  ParamSpec<P> spec;
  spec.optional_number(
          "max_spread", [](P& p) -> std::optional<double>& { return p.max_spread; },
          Bounds::above(0.0),
          "v: orders this far from the mid or further score nothing (price units, absolute; "
          "unset: 1% of the mid)")
      .number(
          "multiplier", [](P& p) -> double& { return p.multiplier; }, Bounds::above(0.0),
          "b in S(v, s) = ((v − s)/v)² · b")
      .number(
          "single_sided_divisor", [](P& p) -> double& { return p.single_sided_divisor; },
          Bounds::at_least(1.0),
          "c: inside mid_band a one-sided miner scores its side's Q divided by c")
      .numbers(
          "mid_band", [](P& p) -> std::vector<double>& { return p.mid_band; },
          Bounds::at_least(0.0),
          "[low, high]: the mids (price units) at which one-sided quoting scores Q/c; outside, "
          "it scores 0")
      .number(
          "min_size", [](P& p) -> double& { return p.min_size; }, Bounds::at_least(0.0),
          "orders smaller than this (base asset) are ineligible")
      .check([](const P& p) -> std::optional<ParamError> {
        if (p.mid_band.size() != 2 || !(p.mid_band[0] <= p.mid_band[1])) {
          return ParamError{"mid_band", "must be two numbers [low, high] with low <= high (got " +
                                            param_value_text(ParamValue{p.mid_band}) + ")"};
        }
        return std::nullopt;
      });
  return make_kind<P, ScoringRule, RuleContext>(
      "polymarket",
      "Polymarket liquidity rewards: size × ((v − s)/v)² per order, the two sides combined "
      "(one-sided quoting scores a third inside the mid band), each snapshot normalised across "
      "miners; the epoch's budget is paid at its end by the summed shares",
      std::move(spec), [](const P& params, const RuleContext&) -> std::unique_ptr<ScoringRule> {
        return std::make_unique<PolymarketRule>(params);
      });
}

}  // namespace lmsim::engine
