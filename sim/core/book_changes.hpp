#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <vector>

#include "engine/side.hpp"
#include "sim/core/order_book.hpp"

namespace lmsim::sim {

/// Where a book changed since each of its readers last looked: per reader and side, the price
/// nearest the spread (the highest bid, the lowest ask) at which an order rested, was cancelled
/// or executed. A reader that walks a side only out to some price — a useful-liquidity
/// measurement, a slippage walk — can tell from it that a change lay wholly behind what it read,
/// so that its answer stands without walking again.
///
/// Readers are few (one per measurement that caches), so noting a change costs a comparison per
/// reader. The venue that keeps the book notes every change: a reader of a venue that does not
/// (BookChanges::tracked() false) must treat every side as changed.
class BookChanges {
 public:
  /// A side that has not changed: no bid above the lowest price, no ask below the highest.
  static constexpr Ticks kUnchangedBid = std::numeric_limits<Ticks>::min();
  static constexpr Ticks kUnchangedAsk = std::numeric_limits<Ticks>::max();

  /// Per side {bids, asks}: the nearest changed price, or kUnchangedBid / kUnchangedAsk.
  using Nearest = std::array<Ticks, 2>;

  /// Whether the venue notes its changes (a venue that does not leaves this false).
  bool tracked() const { return tracked_; }
  void set_tracked() { tracked_ = true; }

  /// A new reader, which has seen nothing yet: everything counts as changed at first, so its
  /// first reading is made afresh whatever the answer of take().
  std::size_t add_reader() {
    nearest_.push_back(Nearest{kUnchangedBid, kUnchangedAsk});
    return nearest_.size() - 1;
  }

  /// Notes a change of `side` at `price`.
  void note(Side side, Ticks price) {
    if (side == Side::kBid) {
      for (Nearest& nearest : nearest_) nearest[0] = price > nearest[0] ? price : nearest[0];
    } else {
      for (Nearest& nearest : nearest_) nearest[1] = price < nearest[1] ? price : nearest[1];
    }
  }

  /// The changes since `reader`'s last take(), which starts its next interval.
  Nearest take(std::size_t reader) {
    const Nearest nearest = nearest_[reader];
    nearest_[reader] = Nearest{kUnchangedBid, kUnchangedAsk};
    return nearest;
  }

  /// Whether every change of `side` in `nearest` lies strictly behind `far` (further from the
  /// spread: a lower bid, a higher ask), so that the levels from the best price out to `far`
  /// are as they were.
  static bool behind(const Nearest& nearest, Side side, Ticks far) {
    return side == Side::kBid ? nearest[0] < far : nearest[1] > far;
  }

 private:
  std::vector<Nearest> nearest_;
  bool tracked_ = false;
};

}  // namespace lmsim::sim
