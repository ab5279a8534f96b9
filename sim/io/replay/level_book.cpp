#include "sim/io/replay/level_book.hpp"

#include <algorithm>

namespace lmsim::sim::replay {

namespace {

// Levels per chunk before it is split in two: small enough that an insertion moves little,
// large enough that a thousand-level side is a few dozen chunks.
constexpr std::size_t kMaxChunk = 128;

// Index of the first of `count` ascending values at `data` (read through `key_of`) that is
// >= key, or `count`. Branch-free: the comparison feeds an address, not a jump, since the
// outcome is unpredictable.
template <class T, class KeyOf>
std::size_t lower_index(const T* data, std::size_t count, Ticks key, KeyOf key_of) {
  if (count == 0) return 0;
  const T* base = data;
  std::size_t n = count;
  while (n > 1) {
    const std::size_t half = n / 2;
    base = key_of(base[half - 1]) < key ? base + half : base;
    n -= half;
  }
  return static_cast<std::size_t>(base - data) + (key_of(*base) < key ? 1 : 0);
}

}  // namespace

std::size_t LevelBook::Side::chunk_for(Ticks key) const {
  // The first chunk whose last key is >= key; the last chunk when key is beyond all of them.
  const std::size_t index =
      lower_index(last_keys_.data(), last_keys_.size(), key, [](Ticks k) { return k; });
  return index == chunks_.size() ? index - 1 : index;
}

Lots LevelBook::Side::set(Ticks key, Lots quantity) {
  if (chunks_.empty()) {
    if (quantity == 0) return 0;
    if (spare_.empty()) spare_.emplace_back().reserve(kMaxChunk + 1);
    chunks_.push_back(std::move(spare_.back()));
    spare_.pop_back();
    chunks_.back().push_back(Level{key, quantity});
    last_keys_.assign(1, key);
    size_ = 1;
    return 0;
  }
  const std::size_t index = chunk_for(key);
  std::vector<Level>& chunk = chunks_[index];
  const auto it = chunk.begin() + static_cast<std::ptrdiff_t>(
                                      lower_index(chunk.data(), chunk.size(), key,
                                                  [](const Level& level) { return level.key; }));
  const bool found = it != chunk.end() && it->key == key;
  const Lots previous = found ? it->quantity : 0;
  if (quantity == 0) {
    if (!found) return 0;
    chunk.erase(it);
    --size_;
    if (chunk.empty()) {
      spare_.push_back(std::move(chunk));
      chunks_.erase(chunks_.begin() + static_cast<std::ptrdiff_t>(index));
      last_keys_.erase(last_keys_.begin() + static_cast<std::ptrdiff_t>(index));
    } else {
      last_keys_[index] = chunk.back().key;
    }
  } else if (found) {
    it->quantity = quantity;
  } else {
    chunk.insert(it, Level{key, quantity});
    ++size_;
    last_keys_[index] = chunk.back().key;
    if (chunk.size() > kMaxChunk) {
      std::vector<Level> upper;
      if (!spare_.empty()) {
        upper = std::move(spare_.back());
        spare_.pop_back();
      } else {
        upper.reserve(kMaxChunk + 1);
      }
      const auto middle = chunk.begin() + static_cast<std::ptrdiff_t>(chunk.size() / 2);
      upper.assign(middle, chunk.end());
      chunk.erase(middle, chunk.end());
      last_keys_.insert(last_keys_.begin() + static_cast<std::ptrdiff_t>(index), chunk.back().key);
      chunks_.insert(chunks_.begin() + static_cast<std::ptrdiff_t>(index) + 1, std::move(upper));
    }
  }
  return previous;
}

Lots LevelBook::Side::find(Ticks key) const {
  if (chunks_.empty()) return 0;
  const std::vector<Level>& chunk = chunks_[chunk_for(key)];
  const std::size_t index =
      lower_index(chunk.data(), chunk.size(), key, [](const Level& level) { return level.key; });
  return index < chunk.size() && chunk[index].key == key ? chunk[index].quantity : 0;
}

std::optional<Ticks> LevelBook::Side::last_key() const {
  if (chunks_.empty()) return std::nullopt;
  return chunks_.back().back().key;
}

void LevelBook::Side::clear() {
  for (auto& chunk : chunks_) {
    chunk.clear();
    spare_.push_back(std::move(chunk));
  }
  chunks_.clear();
  last_keys_.clear();
  size_ = 0;
}

void LevelBook::Side::swap(Side& other) noexcept {
  chunks_.swap(other.chunks_);
  last_keys_.swap(other.last_keys_);
  spare_.swap(other.spare_);
  std::swap(size_, other.size_);
}

void LevelBook::set(engine::Side side, Ticks price, Lots quantity) {
  const Lots previous = side_of(side).set(key_of(side, price), quantity);
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
    side_of(change->side).set(key_of(change->side, change->price), change->previous);
  }
  log_.clear();
}

std::optional<Ticks> LevelBook::best_bid() const {
  return bids_.last_key();
}

std::optional<Ticks> LevelBook::best_ask() const {
  const auto key = asks_.last_key();
  if (!key) return std::nullopt;
  return -*key;
}

Lots LevelBook::quantity(engine::Side side, Ticks price) const {
  return side_of(side).find(key_of(side, price));
}

}  // namespace lmsim::sim::replay
