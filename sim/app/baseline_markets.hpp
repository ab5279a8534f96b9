#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <string>

#include "analysis/run_data.hpp"

namespace lmsim::sim::app {

/// The baseline markets of many runs — a synthetic scenario simulated without its miners —
/// simulated once each and then served from memory to any number of runs, on any thread.
/// Without miners nothing in a simulation reads the campaign, so runs whose scenarios differ only
/// in [campaign], [[miners]] and [[miner_populations]] have the same baseline
/// (Scenario::baseline_key): a sweep or a tuning over the budget or the miners' parameters
/// simulates each replicate's baseline once instead of at every point. Results do not depend on
/// what is kept: a baseline evicted or never kept is simulated again, to the same bits.
class BaselineMarkets {
 public:
  /// A baseline run: its market series and the book events it processed.
  struct Baseline {
    analysis::MarketSeries market;
    std::uint64_t book_events = 0;
  };

  /// What is kept by default: 512 MiB of series (about a hundred six-hour baselines sampled every
  /// second, or a handful of weeks).
  static constexpr std::size_t kDefaultMaxBytes = std::size_t{512} << 20;

  /// Keeps at most `max_bytes` of finished baselines (Baseline sizes as baseline_bytes counts
  /// them), evicting the least recently used; the one just simulated is always kept.
  explicit BaselineMarkets(std::size_t max_bytes = kDefaultMaxBytes) : max_bytes_(max_bytes) {}

  /// The baseline of the runs with `key` (Scenario::baseline_key, not empty): simulated by
  /// `simulate` for the first run that asks — the others asking meanwhile wait for it — and
  /// served from memory afterwards. An exception from `simulate` reaches every run waiting for
  /// that baseline and is not kept: the next run to ask simulates it again.
  std::shared_ptr<const Baseline> get(const std::string& key,
                                      const std::function<Baseline()>& simulate);

  /// How many baselines `simulate` has produced so far.
  std::size_t simulated() const;

  /// The bytes `baseline`'s series hold (their elements, not their spare capacity).
  static std::size_t baseline_bytes(const Baseline& baseline);

 private:
  struct Entry {
    std::string key;
    std::shared_future<std::shared_ptr<const Baseline>> baseline;
    std::size_t bytes = 0;  ///< 0 while it is being simulated
  };

  /// Drops the least recently used finished baselines beyond max_bytes_, except `keep`.
  void evict(const std::list<Entry>::iterator& keep);

  std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;  ///< most recently used first
  std::size_t bytes_ = 0;
  std::size_t simulated_ = 0;
};

}  // namespace lmsim::sim::app
