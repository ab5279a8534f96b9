#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "engine/side.hpp"
#include "sim/core/replay/market_event.hpp"

namespace lmsim::sim::replay {

/// The price levels of both sides of a book, kept by the incremental readers only to check that
/// every update group leaves the book uncrossed, and to take a rejected group back.
///
/// - Each side is a sorted sequence cut into chunks of at most 128 levels, best level last: a
///   change costs a binary search over the chunks and one within a chunk, and moves at most one
///   chunk's levels, however deep in the book it lands (Binance diffs insert and delete levels
///   hundreds deep all the time). The best level is read in O(1).
/// - Emptied chunks are kept for reuse, so a book of steady depth allocates nothing.
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
  std::size_t depth(engine::Side side) const { return side_of(side).size(); }
  /// The quantity at (`side`, `price`), 0 when there is no level.
  Lots quantity(engine::Side side, Ticks price) const;

 private:
  /// One side as (key, quantity) in ascending key order; the key is the price for bids and the
  /// negated price for asks, so that the best level is always the last.
  class Side {
   public:
    /// Sets the quantity at `key` (0 removes it) and returns the previous quantity.
    Lots set(Ticks key, Lots quantity);
    Lots find(Ticks key) const;
    std::optional<Ticks> last_key() const;
    std::size_t size() const { return size_; }
    void clear();
    void swap(Side& other) noexcept;

   private:
    struct Level {
      Ticks key;
      Lots quantity;
    };
    std::size_t chunk_for(Ticks key) const;

    std::vector<std::vector<Level>> chunks_;  // each non-empty and sorted; in key order
    std::vector<Ticks> last_keys_;            // each chunk's last key, searched contiguously
    std::vector<std::vector<Level>> spare_;   // emptied chunks, kept for their capacity
    std::size_t size_ = 0;
  };
  struct Change {
    engine::Side side;
    Ticks price;
    Lots previous;
  };

  Side& side_of(engine::Side side) { return side == engine::Side::kBid ? bids_ : asks_; }
  const Side& side_of(engine::Side side) const {
    return side == engine::Side::kBid ? bids_ : asks_;
  }
  static Ticks key_of(engine::Side side, Ticks price) {
    return side == engine::Side::kBid ? price : -price;
  }

  Side bids_;
  Side asks_;
  std::vector<Change> log_;
  // The book as it was at the first clear() since the last commit, and how much of the log
  // came before it.
  bool cleared_ = false;
  std::size_t log_before_clear_ = 0;
  Side saved_bids_;
  Side saved_asks_;
};

}  // namespace lmsim::sim::replay
