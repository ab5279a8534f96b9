#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "engine/side.hpp"
#include "sim/replay/market_event.hpp"

namespace lmsim::sim::replay {

/// The price levels of both sides of a book, kept by the incremental readers only to check that
/// every update group leaves the book uncrossed, and to take a rejected group back.
///
/// - Each side is a vector sorted with its best level last, so the frequent changes near the
///   touch move few elements and the best level is read in O(1); a change deep in the book costs
///   a binary search and a move of the levels in front of it. No per-change allocation once the
///   vectors have grown to the book's depth.
/// - Changes since the last `commit()` are logged so that `rollback()` restores the committed
///   state exactly, including across a `clear()`.
class LevelBook {
 public:
  /// Sets the quantity at (`side`, `price`); 0 removes the level.
  void set(engine::Side side, Ticks price, Lots quantity);
  /// Removes every level.
  void clear();
  /// Accepts the changes since the last commit.
  void commit();
  /// Undoes the changes since the last commit.
  void rollback();

  std::optional<Ticks> best_bid() const;
  std::optional<Ticks> best_ask() const;
  /// Levels on one side.
  std::size_t depth(engine::Side side) const { return levels(side).size(); }
  /// The quantity at (`side`, `price`), 0 when there is no level.
  Lots quantity(engine::Side side, Ticks price) const;

 private:
  struct Level {
    Ticks price;
    Lots quantity;
  };
  struct Change {
    engine::Side side;
    Ticks price;
    Lots previous;
  };

  std::vector<Level>& levels(engine::Side side) {
    return side == engine::Side::kBid ? bids_ : asks_;
  }
  const std::vector<Level>& levels(engine::Side side) const {
    return side == engine::Side::kBid ? bids_ : asks_;
  }
  Lots apply(engine::Side side, Ticks price, Lots quantity);

  std::vector<Level> bids_;  // ascending price: best bid last
  std::vector<Level> asks_;  // descending price: best ask last
  std::vector<Change> log_;
  // The book as it was at the first clear() since the last commit, and how much of the log
  // came before it.
  bool cleared_ = false;
  std::size_t log_before_clear_ = 0;
  std::vector<Level> saved_bids_;
  std::vector<Level> saved_asks_;
};

}  // namespace lmsim::sim::replay
