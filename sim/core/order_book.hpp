#pragma once

#include <bit>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/side.hpp"
#include "engine/time.hpp"
#include "sim/core/zeroed_array.hpp"

namespace lmsim::sim {

using engine::Nanos;
using engine::Side;

/// Prices inside a book are integer ticks of the market's tick_size, quantities integer lots of
/// its lot_size: exact, and equal prices compare equal.
using Ticks = std::int64_t;
using Lots = std::int64_t;
/// Identifies a resting order; 0 is never a valid id.
using OrderId = std::uint64_t;
/// The account that owns an order (an index into the simulator's accounts).
using OwnerId = std::uint32_t;

/// One execution between a resting (maker) order and an incoming (taker) order, at the maker's
/// price. `maker_side` is the side the resting order was on; the taker was on the other side.
struct Execution {
  OrderId maker_order = 0;
  OwnerId maker = 0;
  OwnerId taker = 0;
  Side maker_side = Side::kBid;
  Ticks price = 0;
  Lots quantity = 0;
  bool maker_done = false;  ///< the resting order is now completely filled
};

/// A resting order as the book holds it.
struct RestingOrder {
  OrderId id = 0;
  OwnerId owner = 0;
  Side side = Side::kBid;
  Ticks price = 0;
  Lots remaining = 0;
  Nanos created = 0;
};

/// A price-time-priority limit order book with integer prices and quantities, holding every
/// participant's orders together so that queue positions and fills are exact.
/// - Incoming orders match against the best opposite prices first and, within a price, against
///   the oldest order first; each execution is at the resting order's price.
/// - Limit orders rest whatever does not execute; market orders never rest.
/// - Self-trades are allowed (no self-trade prevention): the simulator's agents never need it
///   and an exchange's rule would be one more assumption.
/// - Price levels live in dense arrays over the range of prices seen (grown on demand), with a
///   bitmap of non-empty levels, so best-price updates and depth scans skip empty ticks quickly;
///   orders live in a pool with intrusive FIFO links, so cancelling is O(1) and nothing is
///   allocated per order once the pool has grown. A running quantity per 64-level block makes
///   depth queries cost one addition per 64 ticks whatever the number of resting orders.
class OrderBook {
 public:
  /// Submits a limit order. It first executes against the other side at prices at least as
  /// good as `price` (appending one Execution per maker order touched to `executions`), then
  /// rests the remainder. Returns the resting order's id, or 0 when nothing rests.
  /// Requires price > 0 and quantity > 0.
  OrderId submit_limit(OwnerId owner, Side side, Ticks price, Lots quantity, Nanos time,
                       std::vector<Execution>& executions);

  /// Submits a market order (`side` is the taker's side: kBid buys). Returns the quantity left
  /// unfilled because the other side ran out; it never rests.
  Lots submit_market(OwnerId owner, Side side, Lots quantity, std::vector<Execution>& executions);

  /// Removes a resting order; false when it is not resting (filled, cancelled or unknown).
  bool cancel(OrderId id);

  /// For a book of price levels only (a replayed, recorded book): makes the resting quantity at
  /// (side, price) exactly `quantity`, creating, resizing in place or removing the level.
  /// Returns false, changing nothing, when a new level would cross the other side. Such a
  /// level holds no order: nothing can find, cancel or match it (a recorded book is only
  /// looked at), so a book changed by set_level takes no orders and a book holding orders
  /// takes no set_level (std::logic_error). resting_orders() counts its levels.
  bool set_level(Side side, Ticks price, Lots quantity);

  /// The resting order with this id, or nullptr.
  const RestingOrder* find(OrderId id) const;

  /// Inline: it is asked after every event of a simulation.
  std::optional<Ticks> best(Side side) const {
    const std::int64_t index = best_[engine::side_index(side)];
    if (index < 0) return std::nullopt;
    return base_ + index;
  }
  bool has_two_sides() const { return best_[0] >= 0 && best_[1] >= 0; }
  /// (best bid + best ask) / 2 in ticks; only meaningful when has_two_sides().
  double mid_ticks() const;

  /// Resting quantity at one price.
  Lots quantity_at(Side side, Ticks price) const;
  /// A hint that quantity_at or set_level at (side, price) follows soon: starts loading what
  /// they touch. Changes nothing; costs nothing for a price outside the book's range.
  void prefetch(Side side, Ticks price) const;
  /// Resting quantity on the whole of `side`.
  Lots total_quantity(Side side) const { return total_quantity_[engine::side_index(side)]; }
  /// Resting quantity on `side` from the best price out to `limit` inclusive (for bids: prices
  /// ≥ limit, for asks: prices ≤ limit).
  Lots depth_to(Side side, Ticks limit) const;
  /// depth_to for several limits in one walk: limits must run outwards from the best price
  /// (for bids decreasing, for asks increasing); out[i] receives depth_to(side, limits[i]).
  void depths_to(Side side, std::span<const Ticks> limits, std::span<Lots> out) const;
  /// Quantity resting ahead of an order at its price level (0 when it is first or not resting).
  Lots queue_ahead(OrderId id) const;

  /// Calls fn(price, quantity) for up to `max_levels` non-empty levels of `side`, best first.
  template <typename Fn>
  void for_each_level(Side side, std::size_t max_levels, Fn&& fn) const;
  /// Calls fn(price, quantity) for the non-empty levels of `side`, best first, while it
  /// returns true.
  template <typename Fn>
  void walk_levels(Side side, Fn&& fn) const;

  /// What walk_blocks does after a block.
  enum class BlockStep { kNext, kLevels, kStop };
  /// One 64-level block of a side as walk_blocks hands it over: its lowest price, its resting
  /// quantity and its first moment Σ (price − lowest)·quantity (ticks × lots), which is all a
  /// query like the cost of taking the whole block needs.
  struct Block {
    Ticks lowest = 0;
    Lots quantity = 0;
    std::int64_t moment = 0;

    Ticks highest() const { return lowest + 63; }
  };
  /// Walks the non-empty blocks of `side` outwards from the best price (the best's block holds
  /// nothing better than the best, so every block lies wholly behind the ones before it).
  /// block(const Block&) returns kNext to go on, kStop to stop, or kLevels to have
  /// level(price, quantity) called for the block's levels in walk order first (false stops).
  /// Taking whole blocks makes a deep walk about 64 times shorter than walk_levels.
  template <typename BlockFn, typename LevelFn>
  void walk_blocks(Side side, BlockFn&& block, LevelFn&& level) const;

  /// Resting orders, or for a book changed by set_level its non-empty levels.
  std::size_t resting_orders() const { return live_orders_; }
  /// Book events so far: order submissions, cancellations and executions.
  std::uint64_t event_count() const { return events_; }

 private:
  struct Level {
    std::uint32_t head = kNone;
    std::uint32_t tail = kNone;
    Lots quantity = 0;
  };
  /// The running sums of one 64-level block, side by side: an update changes both.
  struct BlockSums {
    Lots quantity = 0;        ///< Σ quantity
    std::int64_t moment = 0;  ///< Σ (index % 64)·quantity
  };
  struct Node {
    RestingOrder order;
    std::uint32_t prev = kNone;
    std::uint32_t next = kNone;
    std::uint32_t generation = 0;
  };
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  Lots match(OwnerId taker, Side taker_side, std::optional<Ticks> limit, Lots quantity,
             std::vector<Execution>& executions);
  void rest(OwnerId owner, Side side, Ticks price, Lots quantity, Nanos time, OrderId& id);
  void unlink(std::uint32_t slot);
  void release(std::uint32_t slot);
  std::uint32_t slot_of(OrderId id) const;
  std::int64_t index_of(Ticks price) const { return price - base_; }
  void ensure_range(Ticks price);
  void set_occupied(int side, std::int64_t index, bool occupied);
  /// Whether the level holds anything (its quantity is > 0), from the bitmap alone. Levels are
  /// read only after this says yes, so a level's memory is first touched by the write that
  /// fills it: a first read would map the shared zero page and the write after it would copy
  /// that page and flush the TLBs of the process's other threads — the largest cost of
  /// replaying a full-depth book whose levels are scattered over millions of ticks.
  bool is_occupied(int side, std::int64_t index) const {
    return (occupied_[side][static_cast<std::size_t>(index / 64)] >> (index % 64)) & 1u;
  }
  void add_quantity(int side, std::int64_t index, Lots delta);
  /// Quantity of the levels with indices in [low, high] on `side`.
  Lots range_quantity(int side, std::int64_t low, std::int64_t high) const;
  /// Next non-empty level index of `side` from `index` moving away from the spread (bids
  /// downwards, asks upwards), including `index`; −1 when none.
  std::int64_t next_occupied(int side, std::int64_t index) const;

  Ticks base_ = 0;  ///< price of level index 0
  // Zero-filled on demand (see ZeroedArray): a level is empty when its quantity is 0, whatever
  // its links say, so all-zero memory is a valid empty book.
  ZeroedArray<Level> levels_[2];            ///< per side, index = price − base_
  ZeroedArray<std::uint64_t> occupied_[2];  ///< bitmap of non-empty levels
  ZeroedArray<BlockSums> blocks_[2];        ///< per 64-level block (one bitmap word)
  Lots total_quantity_[2] = {0, 0};
  std::int64_t best_[2] = {-1, -1};  ///< level index of the best price, −1 when empty
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> free_;
  std::size_t live_orders_ = 0;
  std::uint64_t events_ = 0;
  bool by_levels_ = false;  ///< set_level has been used: the book holds levels, not orders
};

inline Lots OrderBook::quantity_at(Side side, Ticks price) const {
  const int s = engine::side_index(side);
  const std::int64_t index = index_of(price);
  if (index < 0 || index >= static_cast<std::int64_t>(levels_[s].size())) return 0;
  return is_occupied(s, index) ? levels_[s][static_cast<std::size_t>(index)].quantity : 0;
}

inline void OrderBook::prefetch(Side side, Ticks price) const {
  const int s = engine::side_index(side);
  const std::int64_t index = index_of(price);
  if (index < 0 || index >= static_cast<std::int64_t>(levels_[s].size())) return;
  const auto i = static_cast<std::size_t>(index);
  // A prefetch never faults, so untouched level memory stays unmapped (see is_occupied).
  __builtin_prefetch(&occupied_[s][i / 64]);
  __builtin_prefetch(&levels_[s][i]);
  __builtin_prefetch(&blocks_[s][i / 64]);
}

inline std::int64_t OrderBook::next_occupied(int side, std::int64_t index) const {
  const auto size = static_cast<std::int64_t>(levels_[side].size());
  const auto& bits = occupied_[side];
  if (side == 0) {  // bids: search downwards
    if (index >= size) index = size - 1;
    if (index < 0) return -1;
    std::int64_t word = index / 64;
    std::uint64_t mask =
        bits[static_cast<std::size_t>(word)] &
        (index % 64 == 63 ? ~std::uint64_t{0} : (std::uint64_t{1} << (index % 64 + 1)) - 1);
    while (true) {
      if (mask != 0) return word * 64 + 63 - std::countl_zero(mask);
      if (--word < 0) return -1;
      mask = bits[static_cast<std::size_t>(word)];
    }
  }
  if (index < 0) index = 0;  // asks: search upwards
  if (index >= size) return -1;
  std::int64_t word = index / 64;
  std::uint64_t mask = bits[static_cast<std::size_t>(word)] & (~std::uint64_t{0} << (index % 64));
  const auto words = static_cast<std::int64_t>(bits.size());
  while (true) {
    if (mask != 0) return word * 64 + std::countr_zero(mask);
    if (++word >= words) return -1;
    mask = bits[static_cast<std::size_t>(word)];
  }
}

template <typename Fn>
void OrderBook::for_each_level(Side side, std::size_t max_levels, Fn&& fn) const {
  const int s = engine::side_index(side);
  std::int64_t index = best_[s];
  for (std::size_t n = 0; n < max_levels && index >= 0; ++n) {
    fn(base_ + index, levels_[s][static_cast<std::size_t>(index)].quantity);
    index = next_occupied(s, s == 0 ? index - 1 : index + 1);
  }
}

template <typename Fn>
void OrderBook::walk_levels(Side side, Fn&& fn) const {
  const int s = engine::side_index(side);
  for (std::int64_t index = best_[s]; index >= 0;
       index = next_occupied(s, s == 0 ? index - 1 : index + 1)) {
    if (!fn(base_ + index, levels_[s][static_cast<std::size_t>(index)].quantity)) return;
  }
}

template <typename BlockFn, typename LevelFn>
void OrderBook::walk_blocks(Side side, BlockFn&& block, LevelFn&& level) const {
  const int s = engine::side_index(side);
  if (best_[s] < 0) return;
  const bool down = s == 0;  // bids walk towards lower prices
  const auto words = static_cast<std::int64_t>(occupied_[s].size());
  for (std::int64_t word = best_[s] / 64; word >= 0 && word < words; word += down ? -1 : 1) {
    const std::uint64_t bits = occupied_[s][static_cast<std::size_t>(word)];
    if (bits == 0) continue;
    const auto w = static_cast<std::size_t>(word);
    const BlockStep step =
        block(Block{base_ + word * 64, blocks_[s][w].quantity, blocks_[s][w].moment});
    if (step == BlockStep::kStop) return;
    if (step == BlockStep::kNext) continue;
    for (std::uint64_t mask = bits; mask != 0;) {
      const int bit = down ? 63 - std::countl_zero(mask) : std::countr_zero(mask);
      mask &= ~(std::uint64_t{1} << bit);
      const std::int64_t index = word * 64 + bit;
      if (!level(base_ + index, levels_[s][static_cast<std::size_t>(index)].quantity)) return;
    }
  }
}

}  // namespace lmsim::sim
