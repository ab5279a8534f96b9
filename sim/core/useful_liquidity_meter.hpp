#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/book_changes.hpp"
#include "sim/core/market_spec.hpp"
#include "sim/core/order_book.hpp"

namespace lmsim::sim {

/// One resting order of a miner, in book units.
struct RestingMinerOrder {
  std::uint32_t miner = 0;  ///< miner index (simulation order)
  Side side = Side::kBid;
  Ticks price = 0;
  Lots remaining = 0;
};

/// Measures, at a snapshot, what each miner's resting orders offer a taker — whatever the
/// campaign's rule pays for (docs/metrics.md, "useful liquidity"):
/// - **size at the touch**: per side, the miner's size resting at the book's best price;
/// - **reference fill**: per side, the miner's part of a market order of each reference size
///   walking that side (bids fill sells, asks fill buys), summed over the sizes. The walk takes
///   levels best first; a level it takes whole counts each order there in full, and at the level
///   where it stops every order counts pro rata, by the fraction of the level taken (queue
///   priority within a level is ignored: an approximation of which orders would have filled).
///   A size the side cannot fill walks it all. The sum over miners is at most the sizes' sum,
///   and a miner's part is its share of the fill — and so, approximately, of the slippage the
///   order is spared.
/// For a replay the miners' orders are virtual (not in the recorded book): they join its levels
/// for both measures. Amounts are base asset.
class UsefulLiquidityMeter {
 public:
  UsefulLiquidityMeter(const MarketSpec& spec, std::vector<double> reference_sizes,
                       std::size_t miner_count);

  /// Measures `orders` (every miner's resting orders) against `book`; `virtual_orders` when the
  /// orders are not in `book` (a replay's). `changes`, when known, says where `book` changed
  /// since the previous measure(): a side whose miners' orders are as they were and whose
  /// changes all lie behind the levels its last measurement read keeps that measurement (the
  /// same inputs give the same answer), which spares most of a day's samples a walk.
  void measure(const OrderBook& book, std::span<const RestingMinerOrder> orders,
               bool virtual_orders, const BookChanges::Nearest* changes = nullptr);

  /// Per miner index, base asset, as of the last measure().
  std::span<const double> size_at_touch(Side side) const {
    return touch_[engine::side_index(side)];
  }
  std::span<const double> reference_fill(Side side) const {
    return fill_[engine::side_index(side)];
  }

 private:
  /// Measures `side` from the miners' orders on that side (`orders` holds no other).
  void measure_side(const OrderBook& book, std::span<const RestingMinerOrder> orders,
                    bool virtual_orders, Side side);

  /// What a side's last measurement read, to tell whether it still stands.
  struct Reading {
    bool reusable = false;  ///< it read the side out to `far` only (not the whole side)
    Ticks far = 0;          ///< the furthest level it read
    std::vector<RestingMinerOrder> orders;  ///< the side's miner orders it measured
  };

  const MarketSpec& spec_;
  std::array<Reading, 2> last_;
  std::vector<RestingMinerOrder> side_orders_;  ///< scratch: one side's orders
  std::vector<double> sizes_lots_;              ///< reference sizes in lots, ascending
  std::array<std::vector<double>, 2> touch_;
  std::array<std::vector<double>, 2> fill_;
  std::vector<std::pair<Ticks, Lots>> virtual_levels_;  ///< scratch: miners' levels, best first
  std::vector<Ticks> boundary_;                         ///< scratch: where each size stops
  std::vector<double> fraction_;  ///< scratch: the part of the boundary level each size takes
};

}  // namespace lmsim::sim
