#include "sim/core/miners/avellaneda_stoikov.hpp"

#include <algorithm>
#include <cmath>

namespace lmsim::sim::miners {

namespace {
constexpr double kYear = 365.25 * 86400e9;  // ns
}

StrategyKind avellaneda_stoikov_kind() {
  using P = AvellanedaStoikovParams;
  using engine::Bounds;
  engine::ParamSpec<P> spec;
  spec.number(
          "risk_factor", [](P& p) -> double& { return p.risk_factor; },
          Bounds::above_up_to(0.0, 1e9), "γ: risk aversion per unit of inventory")
      .required()
      .number(
          "order_book_depth_factor", [](P& p) -> double& { return p.order_book_depth_factor; },
          Bounds::above_up_to(0.0, 1e9), "κ: order-book intensity, 1 / quote currency")
      .required()
      .duration(
          "horizon", [](P& p) -> Nanos& { return p.horizon; },
          Bounds::above_up_to(0.0, 365.0 * 86400e9), "T: quotes converge to the mid at its end");
  add_quoting_keys(spec);
  return engine::make_kind<P, MinerStrategy, StrategySetup>(
      "avellaneda_stoikov",
      "Avellaneda & Stoikov (2008): reservation price and optimal spread from risk aversion, "
      "inventory and volatility",
      std::move(spec), [](const P& params, const StrategySetup& setup) {
        return std::unique_ptr<MinerStrategy>(
            std::make_unique<AvellanedaStoikov>(params, setup.clock_start));
      });
}

AvellanedaStoikov::AvellanedaStoikov(AvellanedaStoikovParams params, Nanos clock_start)
    : RefreshingQuoter(params.refresh), params_(params), clock_start_(clock_start) {}

std::pair<double, double> AvellanedaStoikov::quotes(double mid, double inventory_units,
                                                    double annual_volatility,
                                                    double time_left_fraction) const {
  const double gamma = params_.risk_factor;
  const double variance =
      std::pow(mid * annual_volatility, 2.0) * static_cast<double>(params_.horizon) / kYear;
  const double reservation = mid - inventory_units * gamma * variance * time_left_fraction;
  const double spread = gamma * variance * time_left_fraction +
                        2.0 / gamma * std::log1p(gamma / params_.order_book_depth_factor);
  return {std::min(reservation - spread / 2.0, mid), std::max(reservation + spread / 2.0, mid)};
}

std::optional<Proposal> AvellanedaStoikov::propose(MinerView& view) {
  const auto mid = view.mid();
  if (!mid) return std::nullopt;
  const MarketSpec& spec = view.spec();
  const Account& account = view.account();
  const double base = spec.amount(account.base);
  const double total = base * *mid + static_cast<double>(account.cash) * spec.cash_unit();
  const double target_base = total * params_.inventory_target_base_pct / 100.0 / *mid;
  const double q = (base - target_base) / params_.order_amount;
  const Nanos into = (view.now() - clock_start_) % params_.horizon;
  const double time_left =
      static_cast<double>(params_.horizon - into) / static_cast<double>(params_.horizon);
  const auto [bid, ask] = quotes(*mid, q, view.signals().realised_volatility, time_left);
  const Lots size = spec.lots_floor(params_.order_amount);
  Proposal proposal;
  if (size <= 0) return proposal;
  const Ticks bid_ticks = spec.ticks_floor(bid);
  if (bid_ticks > 0) proposal.buys.push_back({bid_ticks, size});
  proposal.sells.push_back({spec.ticks_ceil(ask), size});
  return proposal;
}

}  // namespace lmsim::sim::miners
