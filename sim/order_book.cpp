#include "sim/order_book.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace lmsim::sim {

namespace {

constexpr std::int64_t kInitialLevels = 1 << 13;
// 2^24 levels per side is 256 MiB of levels: far beyond any band a market trades in, and a
// hard stop for a runaway price instead of exhausting memory.
constexpr std::int64_t kMaxLevels = std::int64_t{1} << 24;

int opposite(int side) { return 1 - side; }

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
  std::int64_t new_size = std::max<std::int64_t>(size * 2, kInitialLevels);
  while (new_size < 2 * (high - low + 1)) new_size *= 2;
  if (new_size > kMaxLevels) {
    throw std::length_error("OrderBook: price range beyond 2^24 ticks (an order far off the market?)");
  }
  const Ticks new_base = low - (new_size - (high - low + 1)) / 2;
  const std::int64_t shift = base_ - new_base;
  for (int side = 0; side < 2; ++side) {
    std::vector<Level> levels(static_cast<std::size_t>(new_size));
    std::vector<std::uint64_t> bits(static_cast<std::size_t>((new_size + 63) / 64), 0);
    for (std::int64_t i = 0; i < size; ++i) {
      const Level& level = levels_[side][static_cast<std::size_t>(i)];
      if (level.quantity == 0) continue;
      const std::int64_t moved = i + shift;
      levels[static_cast<std::size_t>(moved)] = level;
      bits[static_cast<std::size_t>(moved / 64)] |= std::uint64_t{1} << (moved % 64);
    }
    levels_[side].swap(levels);
    occupied_[side].swap(bits);
    if (best_[side] >= 0) best_[side] += shift;
  }
  base_ = new_base;
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
      level.quantity -= filled;
      quantity -= filled;
      ++events_;
      executions.push_back(Execution{maker.id, maker.owner, taker, maker.side, price, filled,
                                     maker.remaining == 0});
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

void OrderBook::rest(OwnerId owner, Side side, Ticks price, Lots quantity, Nanos time, OrderId& id) {
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
  node.prev = level.tail;
  node.next = kNone;
  if (level.tail != kNone) {
    nodes_[level.tail].next = slot;
  } else {
    level.head = slot;
  }
  level.tail = slot;
  if (level.quantity == 0) set_occupied(s, index, true);
  level.quantity += quantity;
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
  ++events_;
  const Lots left = match(owner, side, price, quantity, executions);
  OrderId id = 0;
  if (left > 0) rest(owner, side, price, left, time, id);
  return id;
}

Lots OrderBook::submit_market(OwnerId owner, Side side, Lots quantity,
                              std::vector<Execution>& executions) {
  if (quantity <= 0) throw std::invalid_argument("OrderBook: market orders need quantity > 0");
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
  Level& level = levels_[s][static_cast<std::size_t>(index)];
  level.quantity -= order.remaining;
  unlink(slot);
  release(slot);
  if (level.quantity == 0) {
    set_occupied(s, index, false);
    if (best_[s] == index) best_[s] = next_occupied(s, s == 0 ? index - 1 : index + 1);
  }
  return true;
}

const RestingOrder* OrderBook::find(OrderId id) const {
  const std::uint32_t slot = slot_of(id);
  return slot == kNone ? nullptr : &nodes_[slot].order;
}

std::optional<Ticks> OrderBook::best(Side side) const {
  const std::int64_t index = best_[engine::side_index(side)];
  if (index < 0) return std::nullopt;
  return base_ + index;
}

double OrderBook::mid_ticks() const {
  return 0.5 * static_cast<double>((base_ + best_[0]) + (base_ + best_[1]));
}

Lots OrderBook::quantity_at(Side side, Ticks price) const {
  const int s = engine::side_index(side);
  const std::int64_t index = index_of(price);
  if (index < 0 || index >= static_cast<std::int64_t>(levels_[s].size())) return 0;
  return levels_[s][static_cast<std::size_t>(index)].quantity;
}

Lots OrderBook::depth_to(Side side, Ticks limit) const {
  Lots total = 0;
  depths_to(side, std::span(&limit, 1), std::span(&total, 1));
  return total;
}

void OrderBook::depths_to(Side side, std::span<const Ticks> limits, std::span<Lots> out) const {
  // Walks the occupancy bitmap word by word, outwards from the best price, adding the quantity
  // of each occupied level: the cost follows the number of occupied levels, not of ticks.
  const int s = engine::side_index(side);
  const auto& bits = occupied_[s];
  const auto& levels = levels_[s];
  Lots total = 0;
  std::size_t next = 0;
  const auto reached = [&](std::int64_t index) {
    const Ticks price = base_ + index;
    while (next < limits.size() && (s == 0 ? price < limits[next] : price > limits[next])) {
      out[next++] = total;
    }
    return next == limits.size();
  };
  if (best_[s] >= 0) {
    const auto words = static_cast<std::int64_t>(bits.size());
    std::int64_t word = best_[s] / 64;
    const int offset = static_cast<int>(best_[s] % 64);
    // Bits on the far side of the best price are empty anyway, so the first word needs no mask.
    std::uint64_t mask = bits[static_cast<std::size_t>(word)];
    bool done = false;
    while (!done) {
      while (mask != 0) {
        const int bit = s == 0 ? 63 - std::countl_zero(mask) : std::countr_zero(mask);
        const std::int64_t index = word * 64 + bit;
        mask &= ~(std::uint64_t{1} << bit);
        if (reached(index)) {
          done = true;
          break;
        }
        total += levels[static_cast<std::size_t>(index)].quantity;
      }
      word += s == 0 ? -1 : 1;
      if (done || word < 0 || word >= words) break;
      mask = bits[static_cast<std::size_t>(word)];
    }
    (void)offset;
  }
  while (next < limits.size()) out[next++] = total;
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
