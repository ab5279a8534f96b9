#pragma once

#include "sim/core/miners/target_quoter.hpp"

namespace lmsim::sim::miners {

/// Parameters of the snapshot gamer. Percentages are percent of the mid.
struct SnapshotGamerParams {
  double order_amount = 0.0;  ///< base asset per side
  double spread = 0.0;        ///< percent from the mid
  double tolerance = 0.1;     ///< percent: re-priced when the mid moved its order this far
  /// The share f of every snapshot interval during which it shows its orders; in (0, 1].
  double window = 0.1;
  /// Where in its slot it expects each snapshot, as a share of the interval; in [0, 1).
  double expected_offset = 0.5;
};

/// The registered strategy "snapshot_gamer": shows one order on each side, at `spread` from the
/// mid, only inside a window of `window` × snapshot_interval centred on the instant it expects
/// each snapshot — slot start + expected_offset × snapshot_interval, the slots being the
/// campaign's (public) grid — and nothing the rest of the time. Against random snapshot times
/// it is seen at about a share `window` of the snapshots; against a fixed offset it guessed, at
/// every one, for a fraction of the exposure an honest maker carries.
/// Without a campaign (a snapshot interval of 0) it always quotes.
StrategyKind snapshot_gamer_kind();

class SnapshotGamer final : public TargetQuoter {
 public:
  SnapshotGamer(const SnapshotGamerParams& params, const StrategySetup& setup);

  bool idle_until_quote_change(Nanos now) const override { return in_window(now); }

  /// Whether `now` lies in a window ([expected − width/2, expected + width/2) for some slot).
  bool in_window(Nanos now) const;

 protected:
  Nanos timer(Nanos now) const override;
  bool want(const MinerView& view, std::vector<WantedOrder>& wanted) override;

 private:
  /// Where `now` lies from the start of the window it is in or the last one, in [0, interval).
  Nanos phase(Nanos now) const;

  SnapshotGamerParams params_;
  Nanos interval_ = 0;
  Nanos width_ = 0;         ///< window × interval
  Nanos window_start_ = 0;  ///< the start of some window (slot origin + offset − width/2)
};

}  // namespace lmsim::sim::miners
