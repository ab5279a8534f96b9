#include "engine/uniform_rule.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lmsim::engine {

UniformRule::UniformRule(const UniformParams& params) : params_(params) {}

void UniformRule::weigh(const Snapshot& snapshot, MinerWeights& weights) {
  const OrderColumns& orders = snapshot.orders;
  const std::size_t count = orders.size();
  if (!(snapshot.mid > 0.0)) throw std::invalid_argument("UniformRule: mid must be > 0");
  if (order_weight_.size() < count) {
    order_weight_.resize(count);
    miner_weight_.resize(count);
  }
  last_size_ = count;
  const double mid = snapshot.mid;
  for (std::size_t i = 0; i < count; ++i) {
    const double spread = std::abs(orders.price[i] - mid) / mid;
    const bool eligible =
        (spread <= params_.max_spread) & (orders.amount[i] >= params_.min_order_amount);
    order_weight_[i] = eligible ? 1.0 : 0.0;
  }
  // A miner weighs exactly 1 on a side where it has an eligible order: the weights are added,
  // so the first such order of each miner and side carries the 1 and the others nothing.
  MinerId largest = 0;
  for (std::size_t i = 0; i < count; ++i) largest = std::max(largest, orders.miner[i]);
  if (count > 0 && seen_.size() <= largest) seen_.resize(std::size_t{largest} + 1, 0);
  for (std::size_t i = 0; i < count; ++i) {
    const auto side_bit = static_cast<std::uint8_t>(1U << side_index(orders.side[i]));
    std::uint8_t& seen = seen_[orders.miner[i]];
    const bool counts = order_weight_[i] != 0.0 && (seen & side_bit) == 0;
    miner_weight_[i] = counts ? 1.0 : 0.0;
    if (counts) seen = static_cast<std::uint8_t>(seen | side_bit);
  }
  for (std::size_t i = 0; i < count; ++i) seen_[orders.miner[i]] = 0;
  weights.accumulate(orders.side, orders.miner, {miner_weight_.data(), count});
  weights.finish();
}

RuleKind uniform_rule_kind() {
  using P = UniformParams;
  ParamSpec<P> spec;
  add_control_rule_keys(
      spec, "orders further than this fraction of the mid from it are ineligible (0.01 = 1%)");
  return make_kind<P, ScoringRule, RuleContext>(
      "uniform",
      "Control: each side's pool split equally among the miners with an eligible order on that "
      "side, paid every snapshot",
      std::move(spec), [](const P& params, const RuleContext&) -> std::unique_ptr<ScoringRule> {
        return std::make_unique<UniformRule>(params);
      });
}

}  // namespace lmsim::engine
