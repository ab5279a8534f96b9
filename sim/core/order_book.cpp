#include "sim/core/order_book.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

#include "sim/core/run_limits.hpp"

namespace lmsim::sim {

namespace {

constexpr std::int64_t kInitialLevels = 1 << 13;
// 2^24 levels per side is 256 MiB of levels: far beyond any band a market trades in, and a
// hard stop for a runaway price instead of exhausting memory.
constexpr std::int64_t kMaxLevels = std::int64_t{1} << 24;

int opposite(int side) {
  return 1 - side;
}

}  // namespace

std::uint32_t OrderBook::slot_of(OrderId id) const {
  const auto slot = static_cast<std::uint32_t>(id & 0xFFFFFFFFu);
  if (id == 0 || slot >= nodes_.size()) return kNone;
  const Node& node = nodes_[slot];
  return node.order.id == id ? slot : kNone;
}

void OrderBook::ensure_range(Ticks price) {
  const auto size = static_cast<std::int64_t>(levels_[0].size());
  if (size > 0 && price >= base_ && price < base_ + size) return;
  // Grow to cover the new price with room on both sides, then move the levels across.
  const Ticks low = size > 0 ? std::min(base_, price) : price;
  const Ticks high = size > 0 ? std::max(base_ + size - 1, price) : price;
  // Prices are > 0, so the span cannot overflow; checked before it is doubled.
  if (high - low >= kMaxLevels / 2) {
    throw RunLimitError("market.tick_size",
                        "an order at " + std::to_string(price) +
                            " ticks would make the book's prices span more than " +
                            std::to_string(kMaxLevels / 2) +
                            " ticks: an order far off the market, or a tick too small for the "
                            "prices reached");
  }
  std::int64_t new_size = std::max<std::int64_t>(size * 2, kInitialLevels);
  while (new_size < 2 * (high - low + 1)) new_size *= 2;
  const Ticks new_base = low - (new_size - (high - low + 1)) / 2;
  const std::int64_t shift = base_ - new_base;
  for (int side = 0; side < 2; ++side) {
    ZeroedArray<Level> levels(static_cast<std::size_t>(new_size));
    ZeroedArray<std::uint64_t> bits(static_cast<std::size_t>((new_size + 63) / 64));
    ZeroedArray<BlockSums> blocks(bits.size());
    // Only occupied levels move, found through the bitmap: the rest of the old range is never
    // touched (and may never have been mapped).
    for (std::size_t word = 0; word < occupied_[side].size(); ++word) {
      for (std::uint64_t mask = occupied_[side][word]; mask != 0; mask &= mask - 1) {
        const auto i = static_cast<std::int64_t>(word * 64) + std::countr_zero(mask);
        const Level& level = levels_[side][static_cast<std::size_t>(i)];
        const std::int64_t moved = i + shift;
        levels[static_cast<std::size_t>(moved)] = level;
        bits[static_cast<std::size_t>(moved / 64)] |= std::uint64_t{1} << (moved % 64);
        BlockSums& block = blocks[static_cast<std::size_t>(moved / 64)];
        block.quantity += level.quantity;
        block.moment += (moved % 64) * level.quantity;
      }
    }
    levels_[side] = std::move(levels);
    occupied_[side] = std::move(bits);
    blocks_[side] = std::move(blocks);
    if (best_[side] >= 0) best_[side] += shift;
  }
  base_ = new_base;
}

void OrderBook::add_quantity(int side, std::int64_t index, Lots delta) {
  levels_[side][static_cast<std::size_t>(index)].quantity += delta;
  BlockSums& block = blocks_[side][static_cast<std::size_t>(index / 64)];
  block.quantity += delta;
  block.moment += (index % 64) * delta;
  total_quantity_[side] += delta;
}

void OrderBook::set_occupied(int side, std::int64_t index, bool occupied) {
  std::uint64_t& word = occupied_[side][static_cast<std::size_t>(index / 64)];
  const std::uint64_t bit = std::uint64_t{1} << (index % 64);
  word = occupied ? (word | bit) : (word & ~bit);
}

Lots OrderBook::match(OwnerId taker, Side taker_side, std::optional<Ticks> limit, Lots quantity,
                      std::vector<Execution>& executions) {
  const int book_side = opposite(engine::side_index(taker_side));
  const bool buying = taker_side == Side::kBid;
  while (quantity > 0 && best_[book_side] >= 0) {
    const std::int64_t index = best_[book_side];
    const Ticks price = base_ + index;
    if (limit && (buying ? price > *limit : price < *limit)) break;
    Level& level = levels_[book_side][static_cast<std::size_t>(index)];
    while (quantity > 0 && level.head != kNone) {
      const std::uint32_t slot = level.head;
      RestingOrder& maker = nodes_[slot].order;
      const Lots filled = std::min(quantity, maker.remaining);
      maker.remaining -= filled;
      add_quantity(book_side, index, -filled);
      quantity -= filled;
      ++events_;
      executions.push_back(
          Execution{maker.id, maker.owner, taker, maker.side, price, filled, maker.remaining == 0});
      if (maker.remaining == 0) {
        unlink(slot);
        release(slot);
      }
    }
    if (level.quantity == 0) {
      set_occupied(book_side, index, false);
      best_[book_side] = next_occupied(book_side, book_side == 0 ? index - 1 : index + 1);
    }
  }
  return quantity;
}

void OrderBook::rest(OwnerId owner, Side side, Ticks price, Lots quantity, Nanos time,
                     OrderId& id) {
  ensure_range(price);
  std::uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    if (nodes_.size() >= kNone) throw std::length_error("OrderBook: too many resting orders");
    slot = static_cast<std::uint32_t>(nodes_.size());
    nodes_.emplace_back();
  }
  Node& node = nodes_[slot];
  ++node.generation;
  id = (static_cast<OrderId>(node.generation) << 32) | slot;
  node.order = RestingOrder{id, owner, side, price, quantity, time};
  const int s = engine::side_index(side);
  const std::int64_t index = index_of(price);
  Level& level = levels_[s][static_cast<std::size_t>(index)];
  node.next = kNone;
  if (is_occupied(s, index)) {
    node.prev = level.tail;
    nodes_[level.tail].next = slot;
    level.tail = slot;
  } else {
    // A new level is written whole, never read first: its memory may never have been touched
    // (see is_occupied), and stale links of an emptied level are overwritten.
    node.prev = kNone;
    level = Level{slot, slot, 0};
    set_occupied(s, index, true);
  }
  add_quantity(s, index, quantity);
  if (best_[s] < 0 || (s == 0 ? index > best_[s] : index < best_[s])) best_[s] = index;
  ++live_orders_;
}

void OrderBook::unlink(std::uint32_t slot) {
  Node& node = nodes_[slot];
  const int s = engine::side_index(node.order.side);
  Level& level = levels_[s][static_cast<std::size_t>(index_of(node.order.price))];
  if (node.prev != kNone) {
    nodes_[node.prev].next = node.next;
  } else {
    level.head = node.next;
  }
  if (node.next != kNone) {
    nodes_[node.next].prev = node.prev;
  } else {
    level.tail = node.prev;
  }
}

void OrderBook::release(std::uint32_t slot) {
  nodes_[slot].order.id = 0;
  free_.push_back(slot);
  --live_orders_;
}

OrderId OrderBook::submit_limit(OwnerId owner, Side side, Ticks price, Lots quantity, Nanos time,
                                std::vector<Execution>& executions) {
  if (price <= 0 || quantity <= 0) {
    throw std::invalid_argument("OrderBook: limit orders need price > 0 and quantity > 0");
  }
  if (by_levels_) throw std::logic_error("OrderBook: an order into a book of set_level levels");
  ++events_;
  const Lots left = match(owner, side, price, quantity, executions);
  OrderId id = 0;
  if (left > 0) rest(owner, side, price, left, time, id);
  return id;
}

Lots OrderBook::submit_market(OwnerId owner, Side side, Lots quantity,
                              std::vector<Execution>& executions) {
  if (quantity <= 0) throw std::invalid_argument("OrderBook: market orders need quantity > 0");
  if (by_levels_) throw std::logic_error("OrderBook: an order into a book of set_level levels");
  ++events_;
  return match(owner, side, std::nullopt, quantity, executions);
}

bool OrderBook::cancel(OrderId id) {
  const std::uint32_t slot = slot_of(id);
  if (slot == kNone) return false;
  ++events_;
  const RestingOrder& order = nodes_[slot].order;
  const int s = engine::side_index(order.side);
  const std::int64_t index = index_of(order.price);
  const Level& level = levels_[s][static_cast<std::size_t>(index)];
  add_quantity(s, index, -order.remaining);
  unlink(slot);
  release(slot);
  if (level.quantity == 0) {
    set_occupied(s, index, false);
    if (best_[s] == index) best_[s] = next_occupied(s, s == 0 ? index - 1 : index + 1);
  }
  return true;
}

bool OrderBook::set_level(Side side, Ticks price, Lots quantity) {
  if (!by_levels_) {
    if (!nodes_.empty()) throw std::logic_error("OrderBook: set_level on a book of orders");
    by_levels_ = true;
  }
  const int s = engine::side_index(side);
  const std::int64_t index = index_of(price);
  const bool inside = index >= 0 && index < static_cast<std::int64_t>(levels_[s].size());
  if (inside && is_occupied(s, index)) {
    ++events_;
    Level& level = levels_[s][static_cast<std::size_t>(index)];
    if (quantity > 0) {
      add_quantity(s, index, quantity - level.quantity);
      return true;
    }
    add_quantity(s, index, -level.quantity);
    set_occupied(s, index, false);
    --live_orders_;
    if (best_[s] == index) best_[s] = next_occupied(s, s == 0 ? index - 1 : index + 1);
    return true;
  }
  if (quantity <= 0) return true;
  const std::int64_t other = best_[opposite(s)];
  if (other >= 0 && (s == 0 ? index >= other : index <= other)) return false;
  ++events_;
  ensure_range(price);
  const std::int64_t at = index_of(price);  // ensure_range may have moved the base
  // Written whole, never read first (see is_occupied); no order links: nothing walks them.
  levels_[s][static_cast<std::size_t>(at)] = Level{kNone, kNone, 0};
  set_occupied(s, at, true);
  add_quantity(s, at, quantity);
  if (best_[s] < 0 || (s == 0 ? at > best_[s] : at < best_[s])) best_[s] = at;
  ++live_orders_;
  return true;
}

const RestingOrder* OrderBook::find(OrderId id) const {
  const std::uint32_t slot = slot_of(id);
  return slot == kNone ? nullptr : &nodes_[slot].order;
}

double OrderBook::mid_ticks() const {
  return 0.5 * static_cast<double>((base_ + best_[0]) + (base_ + best_[1]));
}

Lots OrderBook::depth_to(Side side, Ticks limit) const {
  Lots total = 0;
  depths_to(side, std::span(&limit, 1), std::span(&total, 1));
  return total;
}

Lots OrderBook::range_quantity(int side, std::int64_t low, std::int64_t high) const {
  const auto& levels = levels_[side];
  const auto& bits = occupied_[side];
  // The quantity of the occupied levels of one bitmap word within [from, to] (same word).
  // Whichever is shorter is added up: the levels inside the range, or those outside it taken
  // from the block's running sum (exact integers, so both give the same answer).
  const auto partial = [&](std::int64_t from, std::int64_t to) {
    const auto word = static_cast<std::size_t>(from / 64);
    const int first = static_cast<int>(from % 64);
    const int last = static_cast<int>(to % 64);
    std::uint64_t range = ~std::uint64_t{0} << first;
    if (last < 63) range &= (std::uint64_t{1} << (last + 1)) - 1;
    const std::uint64_t inside = bits[word] & range;
    const std::uint64_t outside = bits[word] & ~range;
    const bool complement = std::popcount(outside) < std::popcount(inside);
    Lots sum = 0;
    for (std::uint64_t mask = complement ? outside : inside; mask != 0; mask &= mask - 1) {
      sum += levels[word * 64 + static_cast<std::size_t>(std::countr_zero(mask))].quantity;
    }
    return complement ? blocks_[side][word].quantity - sum : sum;
  };
  if (low > high) return 0;
  const std::int64_t low_word = low / 64;
  const std::int64_t high_word = high / 64;
  if (low_word == high_word) return partial(low, high);
  Lots sum = partial(low, low_word * 64 + 63) + partial(high_word * 64, high);
  for (std::int64_t word = low_word + 1; word < high_word; ++word) {
    sum += blocks_[side][static_cast<std::size_t>(word)].quantity;
  }
  return sum;
}

void OrderBook::depths_to(Side side, std::span<const Ticks> limits, std::span<Lots> out) const {
  const int s = engine::side_index(side);
  const std::int64_t best = best_[s];
  const auto size = static_cast<std::int64_t>(levels_[s].size());
  if (best < 0) {
    std::fill(out.begin(), out.end(), Lots{0});
    return;
  }
  // One walk outwards: each limit adds only the levels between it and the one before. The
  // levels counted so far are [reached, best] for bids and [best, reached] for asks.
  std::int64_t reached = s == 0 ? best + 1 : best - 1;
  Lots total = 0;
  for (std::size_t i = 0; i < limits.size(); ++i) {
    const std::int64_t limit = std::clamp<std::int64_t>(index_of(limits[i]), 0, size - 1);
    if (s == 0 ? limit <= reached : limit >= reached) {
      total +=
          s == 0 ? range_quantity(s, limit, reached - 1) : range_quantity(s, reached + 1, limit);
      reached = limit;
      out[i] = total;
    } else {  // a limit back towards the best: counted afresh
      out[i] = s == 0 ? range_quantity(s, limit, best) : range_quantity(s, best, limit);
    }
  }
}

Lots OrderBook::queue_ahead(OrderId id) const {
  const std::uint32_t slot = slot_of(id);
  if (slot == kNone) return 0;
  Lots ahead = 0;
  for (std::uint32_t at = nodes_[slot].prev; at != kNone; at = nodes_[at].prev) {
    ahead += nodes_[at].order.remaining;
  }
  return ahead;
}

}  // namespace lmsim::sim
