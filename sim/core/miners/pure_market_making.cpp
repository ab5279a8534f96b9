#include "sim/core/miners/pure_market_making.hpp"

#include <algorithm>

#include "engine/number_text.hpp"

namespace lmsim::sim::miners {

namespace {

// numpy.interp on two points, clamped at both ends as numpy does.
double interpolate(double x, double x0, double x1, double y0, double y1) {
  if (x <= x0) return y0;
  if (x >= x1) return y1;
  return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
}

}  // namespace

StrategyKind pure_market_making_kind() {
  using P = PureMarketMakingParams;
  using engine::Bounds;
  engine::ParamSpec<P> spec;
  spec.number(
          "bid_spread", [](P& p) -> double& { return p.bid_spread; }, Bounds::between(0.0, 100.0),
          "distance of the first bid below the mid, percent")
      .required()
      .number(
          "ask_spread", [](P& p) -> double& { return p.ask_spread; }, Bounds::between(0.0, 1000.0),
          "distance of the first ask above the mid, percent")
      .required();
  add_quoting_keys(spec);
  spec.integer(
          "order_levels", [](P& p) -> int& { return p.order_levels; }, Bounds::between(1, 100),
          "orders per side")
      .number(
          "order_level_spread", [](P& p) -> double& { return p.order_level_spread; },
          Bounds::between(0.0, 100.0), "extra spread of each level beyond the first, percent")
      .number(
          "order_level_amount", [](P& p) -> double& { return p.order_level_amount; },
          Bounds::between(-1e15, 1e15),
          "extra size of each level beyond the first, base asset (>= -order_amount)")
      .boolean(
          "inventory_skew_enabled", [](P& p) -> bool& { return p.inventory_skew_enabled; },
          "scale order sizes to steer the inventory back to its target")
      .number(
          "inventory_range_multiplier",
          [](P& p) -> double& { return p.inventory_range_multiplier; },
          Bounds::above_up_to(0.0, 1e6), "the skew's range, in multiples of the total order size")
      .check([](const P& p) -> std::optional<engine::ParamError> {
        if (p.order_level_amount < -p.order_amount) {
          return engine::ParamError{"order_level_amount",
                                    "must be >= -order_amount (" +
                                        engine::format_number(-p.order_amount) + ") (got " +
                                        engine::format_number(p.order_level_amount) + ")"};
        }
        return std::nullopt;
      });
  return engine::make_kind<P, MinerStrategy, StrategySetup>(
      "pure_market_making",
      "Hummingbot's pure market making: fixed spreads around the mid, levels, inventory skew",
      std::move(spec), [](const P& params, const StrategySetup&) {
        return std::unique_ptr<MinerStrategy>(std::make_unique<PureMarketMaking>(params));
      });
}

PureMarketMaking::PureMarketMaking(PureMarketMakingParams params)
    : RefreshingQuoter(params.refresh), params_(params) {}

std::pair<double, double> PureMarketMaking::inventory_skew(double base, double quote, double price,
                                                           double target_base_ratio,
                                                           double base_range) {
  const double total = base * price + quote;
  if (total <= 0.0 || base_range <= 0.0) return {0.0, 0.0};
  const double base_value = base * price;
  const double range_value = std::min(base_range * price, total * 0.5);
  const double target_value = total * target_base_ratio;
  const double left_limit = std::max(target_value - range_value, 0.0);
  const double right_limit = target_value + range_value;
  double bid = 0.0;
  if (base_value < target_value) {
    const double left_ratio = interpolate(base_value, left_limit, target_value, 0.0, 0.5);
    bid = interpolate(left_ratio, 0.0, 0.5, 2.0, 1.0);
  } else {
    const double right_ratio = interpolate(base_value, target_value, right_limit, 0.5, 1.0);
    bid = interpolate(right_ratio, 0.5, 1.0, 1.0, 0.0);
  }
  return {bid, 2.0 - bid};
}

std::optional<Proposal> PureMarketMaking::propose(MinerView& view) {
  const auto mid = view.mid();
  if (!mid) return std::nullopt;
  const MarketSpec& spec = view.spec();
  Proposal proposal;
  for (int level = 0; level < params_.order_levels; ++level) {
    const double level_spread = level * params_.order_level_spread / 100.0;
    const Lots size = spec.lots_floor(params_.order_amount + level * params_.order_level_amount);
    if (size <= 0) continue;
    const Ticks bid = spec.ticks_floor(*mid * (1.0 - params_.bid_spread / 100.0 - level_spread));
    const Ticks ask = spec.ticks_ceil(*mid * (1.0 + params_.ask_spread / 100.0 + level_spread));
    if (bid > 0) proposal.buys.push_back({bid, size});
    proposal.sells.push_back({ask, size});
  }
  if (params_.inventory_skew_enabled) {
    const Account& account = view.account();
    const int levels = params_.order_levels;
    // Hummingbot's calculate_total_order_size: both sides, all levels.
    const double total_order_size =
        2.0 *
        (levels * params_.order_amount + levels * (levels - 1) / 2.0 * params_.order_level_amount);
    const auto [bid_ratio, ask_ratio] = inventory_skew(
        spec.amount(account.base), static_cast<double>(account.cash) * spec.cash_unit(), *mid,
        params_.inventory_target_base_pct / 100.0,
        total_order_size * params_.inventory_range_multiplier);
    for (PriceSize& buy : proposal.buys)
      buy.size = spec.lots_floor(spec.amount(buy.size) * bid_ratio);
    for (PriceSize& sell : proposal.sells)
      sell.size = spec.lots_floor(spec.amount(sell.size) * ask_ratio);
    std::erase_if(proposal.buys, [](const PriceSize& order) { return order.size <= 0; });
    std::erase_if(proposal.sells, [](const PriceSize& order) { return order.size <= 0; });
  }
  return proposal;
}

}  // namespace lmsim::sim::miners
