#include "sim/core/miners/trailing_indicators.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lmsim::sim::miners {

FloatRingBuffer::FloatRingBuffer(std::size_t capacity)
    : values_(std::max<std::size_t>(capacity, 1)) {}

void FloatRingBuffer::add(double value) {
  values_[next_] = static_cast<double>(static_cast<float>(value));
  next_ = (next_ + 1) % values_.size();
  if (next_ == 0) full_ = true;
}

void FloatRingBuffer::add_repeated(double value, std::int64_t count) {
  const auto copies = static_cast<std::size_t>(
      std::min<std::int64_t>(count, static_cast<std::int64_t>(values_.size())));
  for (std::size_t i = 0; i < copies; ++i) add(value);
}

void FloatRingBuffer::copy_to(std::vector<double>& out) const {
  out.clear();
  if (!full_) {
    out.insert(out.end(), values_.begin(), values_.begin() + static_cast<std::ptrdiff_t>(next_));
    return;
  }
  out.insert(out.end(), values_.begin() + static_cast<std::ptrdiff_t>(next_), values_.end());
  out.insert(out.end(), values_.begin(), values_.begin() + static_cast<std::ptrdiff_t>(next_));
}

void FloatRingBuffer::clear() {
  next_ = 0;
  full_ = false;
}

double numpy_sum(std::span<const double> values) {
  // numpy/core/src/umath/loops_utils.h.src: pairwise_sum.
  const std::size_t n = values.size();
  if (n < 8) {
    double sum = 0.0;
    for (const double value : values) sum += value;
    return sum;
  }
  if (n <= 128) {
    double r[8];
    for (std::size_t j = 0; j < 8; ++j) r[j] = values[j];
    std::size_t i = 8;
    for (; i < n - n % 8; i += 8) {
      for (std::size_t j = 0; j < 8; ++j) r[j] += values[i + j];
    }
    double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) sum += values[i];
    return sum;
  }
  std::size_t half = n / 2;
  half -= half % 8;
  return numpy_sum(values.first(half)) + numpy_sum(values.subspan(half));
}

void PriceStdDevVolatility::add(double mid) {
  samples_.add(mid);
  value_.reset();
}

void PriceStdDevVolatility::add_repeated(double mid, std::int64_t count) {
  if (count <= 0) return;
  samples_.add_repeated(mid, count);
  value_.reset();
}

double PriceStdDevVolatility::value() const {
  if (value_) return *value_;
  samples_.copy_to(scratch_);
  if (scratch_.empty()) return *(value_ = 0.0);
  // np.var: the mean by pairwise sum, then the mean of the squared deviations.
  const auto n = static_cast<double>(scratch_.size());
  const double mean = numpy_sum(scratch_) / n;
  for (double& sample : scratch_) sample = (sample - mean) * (sample - mean);
  const double variance = numpy_sum(scratch_) / n;
  // The processing buffer (length 1) stores the variance as a float; σ = √ of its mean.
  value_ = std::sqrt(static_cast<double>(static_cast<float>(variance)));
  return *value_;
}

void PriceStdDevVolatility::clear() {
  samples_.clear();
  value_.reset();
}

void TickVolatility::add(double mid) {
  samples_.add(mid);
  value_.reset();
}

double TickVolatility::value() const {
  if (value_) return *value_;
  samples_.copy_to(scratch_);
  if (scratch_.size() < 2) return *(value_ = 0.0);
  const auto n = static_cast<double>(scratch_.size());
  for (std::size_t i = 0; i + 1 < scratch_.size(); ++i) {
    const double change = scratch_[i + 1] - scratch_[i];
    scratch_[i] = change * change;
  }
  scratch_.pop_back();
  // The processing buffer stores the value as a float; its last value is returned.
  value_ = static_cast<double>(static_cast<float>(std::sqrt(numpy_sum(scratch_) / n)));
  return *value_;
}

void TickVolatility::clear() {
  samples_.clear();
  value_.reset();
}

void TradingIntensity::add_tick(engine::Nanos time, std::optional<double> mid,
                                std::span<const TradeSample> trades) {
  // TradingIntensityIndicator.c_calculate: a trade belongs to the newest quote strictly older
  // than it — the previous tick's, since the trades given came after it.
  if (last_quote_) {
    for (const TradeSample& trade : trades) {
      if (trade.time <= last_quote_->first) continue;
      buckets_[last_quote_->first].push_back(
          Sample{std::abs(trade.price - last_quote_->second), trade.amount});
    }
  }
  if (mid) last_quote_ = std::make_pair(time, *mid);
  while (buckets_.size() > length_) buckets_.erase(buckets_.begin());
}

std::pair<double, double> TradingIntensity::estimate() const {
  // c_estimate_intensity: amounts summed per distinct price level (exact equality).
  std::map<double, double> by_level;
  for (const auto& [time, samples] : buckets_) {
    for (const Sample& sample : samples) by_level[sample.level] += sample.amount;
  }
  std::vector<double> levels;
  std::vector<double> intensities;
  for (const auto& [level, amount] : by_level) {
    levels.push_back(level);
    intensities.push_back(amount == 0.0 ? 1e-10 : amount);
  }
  return fit(levels, intensities);
}

std::pair<double, double> TradingIntensity::fit(std::span<const double> levels,
                                                std::span<const double> intensities) {
  if (levels.empty()) return {0.0, 0.0};
  // For a given κ the best α ≥ 0 is linear least squares; the error left is a function of κ
  // alone, scanned over a log grid of κ·max δ in [1e-4, 1e4] (plus κ = 0) and refined between
  // the best point's neighbours by golden sections.
  const auto best_alpha = [&](double kappa) {
    double numerator = 0.0;
    double denominator = 0.0;
    for (std::size_t i = 0; i < levels.size(); ++i) {
      const double e = std::exp(-kappa * levels[i]);
      numerator += intensities[i] * e;
      denominator += e * e;
    }
    return denominator > 0.0 ? std::max(0.0, numerator / denominator) : 0.0;
  };
  const auto error = [&](double kappa) {
    const double alpha = best_alpha(kappa);
    double sum = 0.0;
    for (std::size_t i = 0; i < levels.size(); ++i) {
      const double residual = alpha * std::exp(-kappa * levels[i]) - intensities[i];
      sum += residual * residual;
    }
    return sum;
  };
  const double widest = *std::max_element(levels.begin(), levels.end());
  if (!(widest > 0.0)) return {best_alpha(0.0), 0.0};
  constexpr int kPoints = 161;
  std::vector<double> grid(kPoints + 1);
  grid[0] = 0.0;
  for (int j = 0; j < kPoints; ++j) {
    grid[static_cast<std::size_t>(j) + 1] = std::pow(10.0, -4.0 + 8.0 * j / (kPoints - 1)) / widest;
  }
  std::size_t best = 0;
  double best_error = std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < grid.size(); ++j) {
    const double value = error(grid[j]);
    if (value < best_error) {
      best_error = value;
      best = j;
    }
  }
  double low = grid[best == 0 ? 0 : best - 1];
  double high = grid[std::min(best + 1, grid.size() - 1)];
  const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
  double a = high - ratio * (high - low);
  double b = low + ratio * (high - low);
  double error_a = error(a);
  double error_b = error(b);
  for (int iteration = 0; iteration < 100; ++iteration) {
    if (error_a < error_b) {
      high = b;
      b = a;
      error_b = error_a;
      a = high - ratio * (high - low);
      error_a = error(a);
    } else {
      low = a;
      a = b;
      error_a = error_b;
      b = low + ratio * (high - low);
      error_b = error(b);
    }
  }
  double kappa = (low + high) / 2.0;
  if (error(kappa) > best_error) kappa = grid[best];
  return {best_alpha(kappa), kappa};
}

void TradingIntensity::clear() {
  last_quote_.reset();
  buckets_.clear();
}

}  // namespace lmsim::sim::miners
