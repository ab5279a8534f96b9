#include "engine/hummingbot_rule.hpp"

#include <Eigen/Core>
#include <cmath>
#include <stdexcept>

namespace lmsim::engine {

HummingbotRule::HummingbotRule(const RuleParams& params) : params_(params) {}

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

  const auto n = static_cast<Eigen::Index>(count);
  const Eigen::Map<const Eigen::ArrayXd> price(orders.price.data(), n);
  const Eigen::Map<const Eigen::ArrayXd> amount(orders.amount.data(), n);
  Eigen::Map<Eigen::ArrayXd> spread(spread_.data(), n);
  Eigen::Map<Eigen::ArrayXd> weight(order_weight_.data(), n);
  const double mid = snapshot.mid;
  const double decay = -params_.spread_factor / params_.max_spread;
  // Plain coefficient-wise expressions so that Eigen evaluates exp with SIMD packets (a select()
  // around it would fall back to scalar libm calls); eligibility is applied afterwards.
  spread = (price - mid).abs() / mid;
  weight = amount * (spread * decay).exp();

  const double max_spread = params_.max_spread;
  const double min_amount = params_.min_order_amount;
  double* const out = order_weight_.data();
  const double* const spreads = spread_.data();
  const double* const amounts = orders.amount.data();
  for (std::size_t i = 0; i < count; ++i) {
    // `&`, not `&&`: no branch, so the compiler turns the loop into SIMD compares and masks.
    const bool eligible = (spreads[i] <= max_spread) & (amounts[i] >= min_amount);
    out[i] = eligible ? out[i] : 0.0;
  }
  if (params_.max_order_age) {
    const Nanos max_age = *params_.max_order_age;
    for (std::size_t i = 0; i < count; ++i) {
      if (snapshot.time - orders.created[i] >= max_age) out[i] = 0.0;
    }
  }
  weights.accumulate(orders.side, orders.miner, {out, count});
  weights.finish();
}

std::unique_ptr<ScoringRule> make_scoring_rule(const Campaign& campaign) {
  switch (campaign.rule) {
    case RuleKind::kHummingbot:
      return std::make_unique<HummingbotRule>(campaign.params);
  }
  throw std::invalid_argument("make_scoring_rule: unknown rule");
}

}  // namespace lmsim::engine
