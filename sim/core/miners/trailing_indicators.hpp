#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "engine/time.hpp"

namespace lmsim::sim::miners {

// The market estimates of Hummingbot's Avellaneda–Stoikov strategy
// (hummingbot/strategy/__utils__/ring_buffer.pyx and trailing_indicators/), one sample per
// strategy tick.

/// Hummingbot's RingBuffer: the last `capacity` values, oldest first. Each value is stored as a
/// C float, as `RingBuffer.c_add_value(float)` does, so every sample loses the precision a
/// float32 loses; `full()` once `capacity` values were added.
class FloatRingBuffer {
 public:
  explicit FloatRingBuffer(std::size_t capacity);

  void add(double value);
  /// `count` copies of `value` (only the last `capacity` can stay).
  void add_repeated(double value, std::int64_t count);
  bool full() const { return full_; }
  std::size_t size() const { return full_ ? values_.size() : next_; }
  std::size_t capacity() const { return values_.size(); }
  /// The values, oldest first, into `out` (replaced).
  void copy_to(std::vector<double>& out) const;
  void clear();

 private:
  std::vector<double> values_;
  std::size_t next_ = 0;
  bool full_ = false;
};

/// numpy's pairwise summation of float64 values (`np.add.reduce`): eight running sums for
/// blocks up to 128 values, halving above — so sums, means and variances here round as numpy's.
double numpy_sum(std::span<const double> values);

/// Volatility of the "2021" Avellaneda–Stoikov (v0.38–v0.45: AverageVolatilityIndicator, then
/// InstantVolatilityIndicator, the same arithmetic): the population standard deviation of the
/// last `length` mid prices (`np.var` of the buffer, stored as a float, square-rooted) — price
/// units, neither returns nor annualised.
class PriceStdDevVolatility {
 public:
  explicit PriceStdDevVolatility(std::size_t length) : samples_(length) {}
  void add(double mid);
  /// `count` samples of the same mid (the steps a strategy slept through on an unchanged book).
  void add_repeated(double mid, std::int64_t count);
  /// Samples still missing before ready() (0 once full).
  std::size_t missing() const { return samples_.capacity() - samples_.size(); }
  bool ready() const { return samples_.full(); }
  /// The current value (0 before any sample); computed when asked.
  double value() const;
  void clear();

 private:
  FloatRingBuffer samples_;
  mutable std::vector<double> scratch_;
  mutable std::optional<double> value_;
};

/// Volatility of the "current" Avellaneda–Stoikov (InstantVolatilityIndicator, v0.46+):
/// √(Σ (x_i − x_{i−1})² / n) over the n buffered mid prices (n the number buffered, not n − 1),
/// the last value stored as a float.
class TickVolatility {
 public:
  explicit TickVolatility(std::size_t length) : samples_(length) {}
  void add(double mid);
  bool ready() const { return samples_.full(); }
  /// The current value (0 before two samples); computed when asked.
  double value() const;
  void clear();

 private:
  FloatRingBuffer samples_;
  mutable std::vector<double> scratch_;
  mutable std::optional<double> value_;
};

/// A trade as the trading-intensity estimate sees it.
struct TradeSample {
  engine::Nanos time = 0;
  double price = 0.0;   ///< quote currency
  double amount = 0.0;  ///< base asset
};

/// Hummingbot's TradingIntensityIndicator (`trading_intensity.pyx`, v1.5+): each trade is
/// measured from the mid of the last tick before it — its price level |price − mid| and its
/// amount — and filed under that tick; the newest `length` ticks that received trades are kept.
/// Ready once `length` such ticks are kept. The estimate sums the amounts per distinct price
/// level δ over the kept ticks (λ(δ)) and fits λ(δ) = α·e^(−κ·δ) by least squares with α, κ ≥ 0.
/// Hummingbot fits with SciPy's `curve_fit(method="dogbox")` warm-started from its previous
/// fit at every tick; lmsim minimises the same squared error globally (α in closed form for each
/// κ; κ by a log-spaced scan refined by golden sections), so its α, κ depend on the kept trades
/// only — they agree with a converged SciPy fit, not always with a stalled one.
class TradingIntensity {
 public:
  explicit TradingIntensity(std::size_t length) : length_(length) {}

  /// One tick at `time` with the market's mid (none when a side of the book is empty) and the
  /// trades since the previous tick, oldest first.
  void add_tick(engine::Nanos time, std::optional<double> mid, std::span<const TradeSample> trades);
  bool ready() const { return buckets_.size() == length_; }
  /// {α, κ}: α in base asset (summed over the window), κ in 1 / quote currency.
  std::pair<double, double> estimate() const;
  void clear();

  /// The least-squares fit of λ = α·e^(−κ·δ), α, κ ≥ 0, to the points (δ_i, λ_i).
  static std::pair<double, double> fit(std::span<const double> levels,
                                       std::span<const double> intensities);

 private:
  struct Sample {
    double level;
    double amount;
  };
  std::size_t length_;
  std::optional<std::pair<engine::Nanos, double>> last_quote_;  ///< (time, mid)
  std::map<engine::Nanos, std::vector<Sample>> buckets_;        ///< by the tick they follow
};

}  // namespace lmsim::sim::miners
