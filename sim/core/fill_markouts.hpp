#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/core/run_observer.hpp"

namespace lmsim::sim {

/// The mid each miner fill is marked out against, found while the run goes, so a fill's
/// adverse-selection mark-out does not depend on how often the market series is recorded
/// (`[analysis] sample_interval`). The definition is the one the analysis applies to a market
/// series recorded every clock step (analysis/risk.hpp fill_markouts, docs/metrics.md §6):
/// - a fill at t is marked against the mid of the last clock step at or before t + horizon,
///   taken after everything else at that step (the record phase comes last at an instant);
///   NaN when the book was one-sided there;
/// - t + horizon saturates at the largest Nanos;
/// - a fill whose t + horizon lies after the last clock step of the run gets NaN (the market
///   after the run is not known), so is left unmarked.
/// Fills come in time order and the horizon is fixed, so the pending ones form a FIFO ordered by
/// their instant: each clock step resolves the front of it. The queue is a vector with a moving
/// head, compacted when the head passes half of it, so a run allocates only while its largest
/// backlog grows — nothing per fill or per step.
class FillMarkouts {
 public:
  /// `horizon` ≥ 0 (ns).
  explicit FillMarkouts(Nanos horizon);

  /// A miner fill at `time` (the next in on_miner_fill order), in time order.
  void on_fill(Nanos time);

  /// The clock step at `time`, with the book's mid after everything at that instant (NaN when
  /// one-sided): resolves every pending fill whose horizon ends before `time` (with the mid of
  /// the step before) or at `time` (with `mid`), in fill order, through
  /// `observer.on_fill_markout`. Steps come in time order.
  void on_step(Nanos time, double mid, RunObserver& observer);

  /// The end of the run: every fill still pending is reported with NaN, in fill order.
  void finish(RunObserver& observer);

  /// Fills seen and not yet reported.
  std::size_t pending() const { return due_.size() - head_; }

 private:
  void report(double mid, RunObserver& observer);

  Nanos horizon_;
  std::vector<Nanos> due_;  ///< t + horizon of each fill; [head_, end) are pending
  std::size_t head_ = 0;
  std::uint64_t next_fill_ = 0;  ///< the index of the next fill to report
  double step_mid_ = std::numeric_limits<double>::quiet_NaN();  ///< at the last step seen
};

}  // namespace lmsim::sim
