#include "sim/core/miners/snapshot_gamer.hpp"

#include <cmath>
#include <limits>

namespace lmsim::sim::miners {

StrategyKind snapshot_gamer_kind() {
  using P = SnapshotGamerParams;
  using engine::Bounds;
  engine::ParamSpec<P> spec;
  add_target_keys(spec, "distance of each order from the mid, percent");
  spec.number(
          "tolerance", [](P& p) -> double& { return p.tolerance; }, Bounds::between(0.0, 100.0),
          "keep an order while it lies within this of where it is wanted, percent of the mid")
      .number(
          "window", [](P& p) -> double& { return p.window; }, Bounds::above_up_to(0.0, 1.0),
          "share of every snapshot interval during which the orders are shown, centred on the "
          "expected snapshot")
      .number(
          "expected_offset", [](P& p) -> double& { return p.expected_offset; },
          Bounds::at_least_below(0.0, 1.0),
          "where in its slot a snapshot is expected, as a share of snapshot_interval (0.5: the "
          "middle, where snapshot_timing = \"fixed_offset\" takes it by default)");
  return engine::make_kind<P, MinerStrategy, StrategySetup>(
      "snapshot_gamer",
      "shows its orders only in a window around the instants it expects the campaign's "
      "snapshots",
      std::move(spec), [](const P& params, const StrategySetup& setup) {
        return std::unique_ptr<MinerStrategy>(std::make_unique<SnapshotGamer>(params, setup));
      });
}

SnapshotGamer::SnapshotGamer(const SnapshotGamerParams& params, const StrategySetup& setup)
    : TargetQuoter(params.tolerance / 100.0), params_(params), interval_(setup.snapshot_interval) {
  if (interval_ <= 0) return;
  const auto interval = static_cast<double>(interval_);
  width_ = std::min(interval_, static_cast<Nanos>(std::llround(params.window * interval)));
  const auto offset = static_cast<Nanos>(std::llround(params.expected_offset * interval));
  window_start_ = setup.slot_origin + offset - width_ / 2;
}

Nanos SnapshotGamer::phase(Nanos now) const {
  const Nanos phase = (now - window_start_) % interval_;
  return phase < 0 ? phase + interval_ : phase;
}

bool SnapshotGamer::in_window(Nanos now) const {
  if (interval_ <= 0 || width_ >= interval_) return true;
  return phase(now) < width_;
}

Nanos SnapshotGamer::timer(Nanos now) const {
  if (interval_ <= 0 || width_ >= interval_) return std::numeric_limits<Nanos>::max();
  const Nanos at = phase(now);
  // Inside a window: its end; outside: the next window's start.
  return now + (at < width_ ? width_ - at : interval_ - at);
}

bool SnapshotGamer::want(const MinerView& view, std::vector<WantedOrder>& wanted) {
  if (!in_window(view.now())) return true;  // nothing wanted: every order goes
  return want_both_sides(view, params_.order_amount, params_.spread, wanted);
}

}  // namespace lmsim::sim::miners
