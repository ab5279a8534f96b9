#include "analysis/risk.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "analysis/annualisation.hpp"
#include "engine/not_a_number.hpp"

namespace lmsim::analysis {

namespace {

void check_finite(std::span<const double> values, const char* function, const char* name) {
  for (const double value : values) {
    if (!std::isfinite(value)) {
      throw std::invalid_argument(std::string(function) + ": " + name + " must be finite");
    }
  }
}

/// Population standard deviation of checked values.
double population_stdev(std::span<const double> values) {
  const std::size_t n = values.size();
  if (n == 0) return kNaN;
  const auto count = static_cast<long double>(n);
  long double total = 0.0L;
  for (const double value : values) total += value;
  const long double mean = total / count;
  long double squares = 0.0L;
  for (const double value : values) {
    const long double deviation = value - mean;
    squares += deviation * deviation;
  }
  return static_cast<double>(std::sqrt(squares / count));
}

}  // namespace

double standard_deviation(std::span<const double> values) {
  check_finite(values, "standard_deviation", "values");
  return population_stdev(values);
}

std::vector<double> fill_markouts(std::span<const engine::Nanos> fill_times,
                                  std::span<const double> fill_prices,
                                  std::span<const double> signed_quantities, const StepSeries& mids,
                                  engine::Nanos horizon) {
  const std::size_t n = fill_times.size();
  if (fill_prices.size() != n || signed_quantities.size() != n) {
    throw std::invalid_argument(
        "fill_markouts: fill times, prices and quantities differ in length");
  }
  if (horizon < 0) throw std::invalid_argument("fill_markouts: horizon must be >= 0");
  for (const double price : fill_prices) {
    if (!std::isfinite(price) || price <= 0.0) {
      throw std::invalid_argument("fill_markouts: fill prices must be finite and > 0");
    }
  }
  check_finite(signed_quantities, "fill_markouts", "signed quantities");
  std::vector<double> markouts(n);
  for (std::size_t i = 0; i < n; ++i) {
    const engine::Nanos latest = std::numeric_limits<engine::Nanos>::max() - horizon;
    const engine::Nanos at = fill_times[i] > latest ? std::numeric_limits<engine::Nanos>::max()
                                                    : fill_times[i] + horizon;
    const double mid = mids.value_at(at);  // NaN before the first mid, and NaN propagates
    markouts[i] = (mid - fill_prices[i]) * signed_quantities[i];
  }
  return markouts;
}

MarkoutSummary summarise_markouts(std::span<const double> markouts,
                                  std::span<const double> signed_quantities) {
  if (markouts.size() != signed_quantities.size()) {
    throw std::invalid_argument("summarise_markouts: markouts and quantities differ in length");
  }
  check_finite(signed_quantities, "summarise_markouts", "signed quantities");
  long double total = 0.0L;
  long double quantity = 0.0L;
  std::size_t marked = 0;
  for (std::size_t i = 0; i < markouts.size(); ++i) {
    if (std::isnan(markouts[i])) continue;
    total += markouts[i];
    quantity += std::abs(signed_quantities[i]);
    ++marked;
  }
  const double per_unit = quantity == 0.0L ? kNaN : static_cast<double>(total / quantity);
  return MarkoutSummary{static_cast<double>(total), per_unit, marked, markouts.size() - marked};
}

double realised_volatility(std::span<const double> mids, engine::Nanos interval) {
  for (const double mid : mids) {
    if (!std::isfinite(mid) || mid <= 0.0) {
      throw std::invalid_argument("realised_volatility: mids must be finite and > 0");
    }
  }
  const double scale = std::sqrt(periods_per_year(interval));  // also checks the interval
  if (mids.size() < 2) return kNaN;
  std::vector<double> log_returns(mids.size() - 1);
  for (std::size_t i = 1; i < mids.size(); ++i)
    log_returns[i - 1] = std::log(mids[i] / mids[i - 1]);
  return population_stdev(log_returns) * scale;
}

}  // namespace lmsim::analysis
