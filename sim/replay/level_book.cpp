#include "sim/replay/level_book.hpp"

#include <algorithm>

namespace lmsim::sim::replay {

using engine::Side;

Lots LevelBook::apply(Side side, Ticks price, Lots quantity) {
  std::vector<Level>& side_levels = levels(side);
  // Position of `price` in the side's order (ascending for bids, descending for asks).
  const auto it =
      side == Side::kBid
          ? std::lower_bound(side_levels.begin(), side_levels.end(), price,
                             [](const Level& level, Ticks p) { return level.price < p; })
          : std::lower_bound(side_levels.begin(), side_levels.end(), price,
                             [](const Level& level, Ticks p) { return level.price > p; });
  const bool found = it != side_levels.end() && it->price == price;
  const Lots previous = found ? it->quantity : 0;
  if (quantity == 0) {
    if (found) side_levels.erase(it);
  } else if (found) {
    it->quantity = quantity;
  } else {
    side_levels.insert(it, Level{price, quantity});
  }
  return previous;
}

void LevelBook::set(Side side, Ticks price, Lots quantity) {
  const Lots previous = apply(side, price, quantity);
  if (previous != quantity) log_.push_back(Change{side, price, previous});
}

void LevelBook::clear() {
  if (!cleared_) {
    cleared_ = true;
    log_before_clear_ = log_.size();
    saved_bids_.swap(bids_);
    saved_asks_.swap(asks_);
  }
  bids_.clear();
  asks_.clear();
}

void LevelBook::commit() {
  log_.clear();
  cleared_ = false;
}

void LevelBook::rollback() {
  if (cleared_) {
    bids_.swap(saved_bids_);
    asks_.swap(saved_asks_);
    log_.resize(log_before_clear_);
    cleared_ = false;
  }
  for (auto change = log_.rbegin(); change != log_.rend(); ++change) {
    apply(change->side, change->price, change->previous);
  }
  log_.clear();
}

std::optional<Ticks> LevelBook::best_bid() const {
  if (bids_.empty()) return std::nullopt;
  return bids_.back().price;
}

std::optional<Ticks> LevelBook::best_ask() const {
  if (asks_.empty()) return std::nullopt;
  return asks_.back().price;
}

Lots LevelBook::quantity(Side side, Ticks price) const {
  const std::vector<Level>& side_levels = levels(side);
  for (auto it = side_levels.rbegin(); it != side_levels.rend(); ++it) {
    if (it->price == price) return it->quantity;
  }
  return 0;
}

}  // namespace lmsim::sim::replay
