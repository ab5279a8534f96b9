#include "sim/app/baseline_markets.hpp"

#include <exception>
#include <utility>
#include <vector>

namespace lmsim::sim::app {

namespace {

template <typename T>
std::size_t bytes_of(const std::vector<T>& column) {
  return column.size() * sizeof(T);
}

}  // namespace

std::size_t BaselineMarkets::baseline_bytes(const Baseline& baseline) {
  const analysis::MarketSeries& m = baseline.market;
  std::size_t bytes =
      bytes_of(m.time) + bytes_of(m.mid) + bytes_of(m.best_bid) + bytes_of(m.best_ask) +
      bytes_of(m.reference_sizes) + bytes_of(m.slippage_buy.values) +
      bytes_of(m.slippage_sell.values) + bytes_of(m.fundamental) + bytes_of(m.realised_volatility) +
      bytes_of(m.traded_volume) + bytes_of(m.trades.time) + bytes_of(m.trades.price) +
      bytes_of(m.trades.amount) + bytes_of(m.trades.aggressor);
  for (std::size_t band = 0; band < m.depth_bid.size(); ++band) {
    bytes += bytes_of(m.depth_bid[band]) + bytes_of(m.depth_ask[band]);
  }
  return bytes;
}

std::shared_ptr<const BaselineMarkets::Baseline> BaselineMarkets::get(
    const std::string& key, const std::function<Baseline()>& simulate) {
  std::promise<std::shared_ptr<const Baseline>> promise;
  std::unique_lock lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->key != key) continue;
    entries_.splice(entries_.begin(), entries_, it);  // the most recently used
    const std::shared_future<std::shared_ptr<const Baseline>> known = it->baseline;
    lock.unlock();
    // Waits, outside the lock, for a baseline another run may still be simulating.
    return known.get();
  }
  entries_.push_front(Entry{key, promise.get_future().share(), 0});
  const auto mine = entries_.begin();
  lock.unlock();
  // Simulated outside the lock: other keys are served (and simulated) meanwhile.
  std::shared_ptr<const Baseline> baseline;
  try {
    baseline = std::make_shared<const Baseline>(simulate());
  } catch (...) {
    promise.set_exception(std::current_exception());
    lock.lock();
    entries_.erase(mine);
    throw;
  }
  promise.set_value(baseline);
  lock.lock();
  ++simulated_;
  mine->bytes = baseline_bytes(*baseline);
  bytes_ += mine->bytes;
  evict(mine);
  return baseline;
}

void BaselineMarkets::evict(const std::list<Entry>::iterator& keep) {
  for (auto it = entries_.end(); bytes_ > max_bytes_ && it != entries_.begin();) {
    --it;
    // Baselines still being simulated (0 bytes) have runs waiting for them.
    if (it == keep || it->bytes == 0) continue;
    bytes_ -= it->bytes;
    it = entries_.erase(it);
  }
}

std::size_t BaselineMarkets::simulated() const {
  const std::lock_guard lock(mutex_);
  return simulated_;
}

}  // namespace lmsim::sim::app
