#include "analysis/sample_statistics.hpp"
#include "engine/not_a_number.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace lmsim::analysis {

namespace {

void check_confidence(double confidence, const char* function) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::invalid_argument(std::string(function) + ": confidence must be in (0, 1)");
  }
}

void check_no_infinity(std::span<const double> values, const char* function, const char* name) {
  for (const double value : values) {
    if (std::isinf(value)) {
      throw std::invalid_argument(std::string(function) + ": " + name +
                                  " must be finite or NaN (got an infinity)");
    }
  }
}

/// Mean and sum of squared deviations of finite values (two passes, long double).
struct Moments {
  std::size_t count = 0;
  double mean = kNaN;
  double sum_squares = kNaN;  // Σ(x − x̄)²
};

Moments moments_of(const std::vector<double>& values) {
  Moments moments;
  moments.count = values.size();
  if (values.empty()) return moments;
  long double total = 0.0L;
  for (const double value : values) total += value;
  const long double mean = total / static_cast<long double>(values.size());
  long double squares = 0.0L;
  for (const double value : values) squares += (value - mean) * (value - mean);
  moments.mean = static_cast<double>(mean);
  moments.sum_squares = static_cast<double>(squares);
  return moments;
}

/// Sets the interval of a summary whose mean, error and df are filled in.
void set_interval(Summary& summary) {
  if (std::isnan(summary.standard_error) || std::isnan(summary.degrees_of_freedom)) {
    summary.ci_low = kNaN;
    summary.ci_high = kNaN;
    return;
  }
  const double t = student_t_quantile((1.0 + summary.confidence) / 2.0, summary.degrees_of_freedom);
  summary.ci_low = summary.mean - t * summary.standard_error;
  summary.ci_high = summary.mean + t * summary.standard_error;
}

Summary summary_of(const std::vector<double>& finite, std::size_t excluded, double confidence) {
  const Moments moments = moments_of(finite);
  Summary summary{finite.size(), excluded, moments.mean, kNaN, kNaN, kNaN, confidence, kNaN, kNaN};
  if (finite.size() >= 2) {
    const auto n = static_cast<double>(finite.size());
    summary.standard_deviation = std::sqrt(moments.sum_squares / (n - 1.0));
    summary.standard_error = summary.standard_deviation / std::sqrt(n);
    summary.degrees_of_freedom = n - 1.0;
  }
  set_interval(summary);
  return summary;
}

std::vector<double> finite_values(std::span<const double> values, std::size_t& excluded) {
  std::vector<double> finite;
  finite.reserve(values.size());
  excluded = 0;
  for (const double value : values) {
    if (std::isnan(value)) {
      ++excluded;
    } else {
      finite.push_back(value);
    }
  }
  return finite;
}

void check_pair_lengths(std::span<const double> a, std::span<const double> b,
                        const char* function) {
  if (a.size() != b.size()) {
    throw std::invalid_argument(std::string(function) + ": a and b differ in length (" +
                                std::to_string(a.size()) + " and " + std::to_string(b.size()) +
                                ")");
  }
}

/// The one-sided bound mean + sign · t_c · se.
double one_sided_bound(const Summary& summary, double confidence, double sign,
                       const char* function) {
  check_confidence(confidence, function);
  if (std::isnan(summary.standard_error) || std::isnan(summary.degrees_of_freedom)) return kNaN;
  return summary.mean +
         sign * student_t_quantile(confidence, summary.degrees_of_freedom) * summary.standard_error;
}

}  // namespace

double student_t_quantile(double probability, double degrees_of_freedom) {
  if (!(probability > 0.0 && probability < 1.0)) {
    throw std::invalid_argument("student_t_quantile: probability must be in (0, 1)");
  }
  if (!(degrees_of_freedom > 0.0)) {
    throw std::invalid_argument("student_t_quantile: degrees of freedom must be > 0");
  }
  if (std::isinf(degrees_of_freedom)) {
    return boost::math::quantile(boost::math::normal_distribution<double>(), probability);
  }
  return boost::math::quantile(boost::math::students_t_distribution<double>(degrees_of_freedom),
                               probability);
}

Summary summarise(std::span<const double> values, double confidence) {
  check_confidence(confidence, "summarise");
  check_no_infinity(values, "summarise", "values");
  std::size_t excluded = 0;
  const std::vector<double> finite = finite_values(values, excluded);
  return summary_of(finite, excluded, confidence);
}

Summary paired_difference(std::span<const double> a, std::span<const double> b, double confidence) {
  check_confidence(confidence, "paired_difference");
  check_pair_lengths(a, b, "paired_difference");
  check_no_infinity(a, "paired_difference", "a");
  check_no_infinity(b, "paired_difference", "b");
  std::vector<double> differences;
  differences.reserve(a.size());
  std::size_t excluded = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) {
      ++excluded;
    } else {
      differences.push_back(a[i] - b[i]);
    }
  }
  return summary_of(differences, excluded, confidence);
}

Summary welch_difference(std::span<const double> a, std::span<const double> b, double confidence) {
  check_confidence(confidence, "welch_difference");
  check_no_infinity(a, "welch_difference", "a");
  check_no_infinity(b, "welch_difference", "b");
  std::size_t excluded_a = 0;
  std::size_t excluded_b = 0;
  const Moments ma = moments_of(finite_values(a, excluded_a));
  const Moments mb = moments_of(finite_values(b, excluded_b));
  Summary summary{ma.count + mb.count,
                  excluded_a + excluded_b,
                  ma.mean - mb.mean,
                  kNaN,
                  kNaN,
                  kNaN,
                  confidence,
                  kNaN,
                  kNaN};
  if (ma.count >= 2 && mb.count >= 2) {
    const auto na = static_cast<double>(ma.count);
    const auto nb = static_cast<double>(mb.count);
    const double va = ma.sum_squares / (na - 1.0) / na;  // s_a² / n_a
    const double vb = mb.sum_squares / (nb - 1.0) / nb;
    summary.standard_error = std::sqrt(va + vb);
    const double denominator = va * va / (na - 1.0) + vb * vb / (nb - 1.0);
    // Both samples constant: any df gives a zero-width interval; n_a + n_b − 2 (the pooled
    // test's) is the natural value.
    summary.degrees_of_freedom =
        denominator > 0.0 ? (va + vb) * (va + vb) / denominator : na + nb - 2.0;
  }
  set_interval(summary);
  return summary;
}

double one_sided_lower_bound(const Summary& summary, double confidence) {
  return one_sided_bound(summary, confidence, -1.0, "one_sided_lower_bound");
}

double one_sided_upper_bound(const Summary& summary, double confidence) {
  return one_sided_bound(summary, confidence, 1.0, "one_sided_upper_bound");
}

bool holds_with_confidence(const Summary& summary, Comparison comparison, double threshold,
                           double confidence) {
  check_confidence(confidence, "holds_with_confidence");
  if (!std::isfinite(threshold)) {
    throw std::invalid_argument("holds_with_confidence: threshold must be finite");
  }
  if (comparison == Comparison::kAtLeast) {
    return one_sided_lower_bound(summary, confidence) >= threshold;  // false for NaN
  }
  return one_sided_upper_bound(summary, confidence) <= threshold;
}

double median(std::vector<double> values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

}  // namespace lmsim::analysis
