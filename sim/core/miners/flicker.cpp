#include "sim/core/miners/flicker.hpp"

#include <algorithm>
#include <cmath>

#include "engine/number_text.hpp"

namespace lmsim::sim::miners {

StrategyKind flicker_kind() {
  using P = FlickerParams;
  using engine::Bounds;
  engine::ParamSpec<P> spec;
  add_target_keys(spec, "distance from the mid at which orders are posted, percent");
  spec.number(
          "flee_distance", [](P& p) -> double& { return p.flee_distance; },
          Bounds::at_least_below(0.0, 100.0),
          "pull an order once the mid is this close to it, percent; below spread")
      .required()
      .duration(
          "order_lifetime", [](P& p) -> Nanos& { return p.order_lifetime; }, Bounds::above(0.0),
          "re-post an order once it is this old")
      .check([](const P& p) -> std::optional<engine::ParamError> {
        if (p.flee_distance < p.spread) return std::nullopt;
        return engine::ParamError{"flee_distance",
                                  "must be below spread (" + engine::format_number(p.spread) +
                                      ") (got " + engine::format_number(p.flee_distance) + ")"};
      });
  return engine::make_kind<P, MinerStrategy, StrategySetup>(
      "flicker",
      "large orders inside the band, pulled when the price comes near and re-posted further "
      "away: eligible but rarely filled",
      std::move(spec), [](const P& params, const StrategySetup&) {
        return std::unique_ptr<MinerStrategy>(std::make_unique<Flicker>(params));
      });
}

// Kept while |price − wanted| ≤ (spread − flee_distance) × mid: drifting away from the mid, it
// is re-posted once it is 2 × spread − flee_distance away (coming closer, must_cancel pulls it
// first, at flee_distance).
Flicker::Flicker(const FlickerParams& params)
    : TargetQuoter((params.spread - params.flee_distance) / 100.0), params_(params) {}

bool Flicker::want(const MinerView& view, std::vector<WantedOrder>& wanted) {
  return want_both_sides(view, params_.order_amount, params_.spread, wanted);
}

bool Flicker::must_cancel(const MinerView& view, const ClientOrder& order) const {
  if (view.now() - order.submitted >= params_.order_lifetime) return true;
  if (!view.book().has_two_sides()) return false;
  const double mid = view.book().mid_ticks();
  const double distance = std::abs(static_cast<double>(order.price) - mid);
  return distance < params_.flee_distance / 100.0 * mid;
}

void Flicker::after_tick(const MinerView& view) {
  next_expiry_ = std::numeric_limits<Nanos>::max();
  for (const ClientOrder& order : view.open_orders()) {
    if (order.active()) {
      next_expiry_ = std::min(next_expiry_, order.submitted + params_.order_lifetime);
    }
  }
}

Nanos Flicker::timer(Nanos now) const {
  (void)now;
  return next_expiry_;
}

void Flicker::restart_strategy(Nanos now) {
  (void)now;
  next_expiry_ = std::numeric_limits<Nanos>::max();
}

}  // namespace lmsim::sim::miners
