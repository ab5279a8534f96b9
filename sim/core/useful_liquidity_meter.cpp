#include "sim/core/useful_liquidity_meter.hpp"

#include <algorithm>
#include <limits>
#include <optional>

namespace lmsim::sim {

namespace {

/// No boundary: the size walks the whole side.
constexpr Ticks kWholeSide = -1;

}  // namespace

UsefulLiquidityMeter::UsefulLiquidityMeter(const MarketSpec& spec,
                                           std::vector<double> reference_sizes,
                                           std::size_t miner_count)
    : spec_(spec) {
  for (const double size : reference_sizes) sizes_lots_.push_back(size / spec.lot_size);
  std::sort(sizes_lots_.begin(), sizes_lots_.end());
  for (int side = 0; side < 2; ++side) {
    touch_[side].resize(miner_count);
    fill_[side].resize(miner_count);
  }
}

void UsefulLiquidityMeter::measure(const OrderBook& book, std::span<const RestingMinerOrder> orders,
                                   bool virtual_orders, const BookChanges::Nearest* changes) {
  const auto same = [](const RestingMinerOrder& a, const RestingMinerOrder& b) {
    return a.miner == b.miner && a.price == b.price && a.remaining == b.remaining;
  };
  for (const Side side : {Side::kBid, Side::kAsk}) {
    const int s = engine::side_index(side);
    side_orders_.clear();
    for (const RestingMinerOrder& order : orders) {
      if (order.side == side) side_orders_.push_back(order);
    }
    Reading& last = last_[s];
    if (last.reusable && changes != nullptr && !virtual_orders &&
        BookChanges::behind(*changes, side, last.far) &&
        std::equal(side_orders_.begin(), side_orders_.end(), last.orders.begin(), last.orders.end(),
                   same)) {
      continue;  // the levels it read and the orders it measured are unchanged
    }
    std::fill(touch_[s].begin(), touch_[s].end(), 0.0);
    std::fill(fill_[s].begin(), fill_[s].end(), 0.0);
    measure_side(book, side_orders_, virtual_orders, side);
    last.reusable = last.reusable && !virtual_orders;
    last.orders.swap(side_orders_);
  }
}

void UsefulLiquidityMeter::measure_side(const OrderBook& book,
                                        std::span<const RestingMinerOrder> orders,
                                        bool virtual_orders, Side side) {
  const bool bids = side == Side::kBid;
  const auto better = [bids](Ticks a, Ticks b) { return bids ? a > b : a < b; };
  const int s = engine::side_index(side);

  // The miners' own levels, best first, when they are not in the book.
  virtual_levels_.clear();
  if (virtual_orders) {
    for (const RestingMinerOrder& order : orders) {
      virtual_levels_.emplace_back(order.price, order.remaining);
    }
    std::sort(virtual_levels_.begin(), virtual_levels_.end(),
              [&](const auto& a, const auto& b) { return better(a.first, b.first); });
  }

  // The touch: the best price of the book with the miners' orders in it.
  std::optional<Ticks> best = book.best(side);
  if (!virtual_levels_.empty() && (!best || better(virtual_levels_.front().first, *best))) {
    best = virtual_levels_.front().first;
  }
  Reading& reading = last_[s];
  reading.reusable = false;
  if (!best) return;  // an empty side has no touch and fills nothing
  for (const RestingMinerOrder& order : orders) {
    if (order.price == *best) {
      touch_[s][order.miner] += spec_.amount(order.remaining);
    }
  }

  // Where each reference size stops: the level that completes it and the part of it taken.
  const std::size_t count = sizes_lots_.size();
  boundary_.assign(count, kWholeSide);
  fraction_.assign(count, 1.0);
  std::size_t next = 0;
  double walked = 0.0;  // lots taken by the levels before the current one
  std::size_t next_virtual = 0;
  const auto take_level = [&](Ticks price, double quantity) {
    if (quantity <= 0.0) return next < count;
    while (next < count && walked + quantity >= sizes_lots_[next] - 1e-9) {
      boundary_[next] = price;
      fraction_[next] = std::clamp((sizes_lots_[next] - walked) / quantity, 0.0, 1.0);
      ++next;
    }
    if (next == count) {
      // Every size stops at or before this level: nothing behind it was read.
      reading.reusable = true;
      reading.far = price;
    }
    walked += quantity;
    return next < count;
  };
  // Virtual levels strictly better than `price` go first; one at `price` joins its level.
  const auto virtual_before = [&](Ticks price) {
    bool wanting = next < count;
    while (wanting && next_virtual < virtual_levels_.size() &&
           better(virtual_levels_[next_virtual].first, price)) {
      const Ticks at = virtual_levels_[next_virtual].first;
      double quantity = 0.0;
      while (next_virtual < virtual_levels_.size() && virtual_levels_[next_virtual].first == at) {
        quantity += static_cast<double>(virtual_levels_[next_virtual++].second);
      }
      wanting = take_level(at, quantity);
    }
    return wanting;
  };
  if (count == 0) {
    reading.reusable = true;  // only the touch was read
    reading.far = *best;
  } else if (virtual_levels_.empty()) {
    // Whole 64-level blocks that complete no size are taken at once: their quantities are whole
    // lots, so adding a block's total gives `walked` the same value as adding its levels.
    book.walk_blocks(
        side,
        [&](const OrderBook::Block& block) {
          const double quantity = static_cast<double>(block.quantity);
          if (walked + quantity >= sizes_lots_[next] - 1e-9) return OrderBook::BlockStep::kLevels;
          walked += quantity;
          return OrderBook::BlockStep::kNext;
        },
        [&](Ticks price, Lots quantity) {
          return take_level(price, static_cast<double>(quantity));
        });
  } else {
    bool wanting = true;
    book.walk_levels(side, [&](Ticks price, Lots quantity) {
      wanting = virtual_before(price);
      if (!wanting) return false;
      double total = static_cast<double>(quantity);
      while (next_virtual < virtual_levels_.size() &&
             virtual_levels_[next_virtual].first == price) {
        total += static_cast<double>(virtual_levels_[next_virtual++].second);
      }
      wanting = take_level(price, total);
      return wanting;
    });
    if (wanting)
      virtual_before(bids ? std::numeric_limits<Ticks>::min() : std::numeric_limits<Ticks>::max());
  }

  for (const RestingMinerOrder& order : orders) {
    double part = 0.0;
    for (std::size_t j = 0; j < count; ++j) {
      if (boundary_[j] == kWholeSide || better(order.price, boundary_[j])) {
        part += 1.0;
      } else if (order.price == boundary_[j]) {
        part += fraction_[j];
      }
    }
    fill_[s][order.miner] += part * spec_.amount(order.remaining);
  }
}

}  // namespace lmsim::sim
