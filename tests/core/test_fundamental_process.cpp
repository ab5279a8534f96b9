#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <vector>

#include "sim/core/fundamental_process.hpp"

using namespace lmsim;
using namespace lmsim::sim;

TEST_CASE("FundamentalProcess: a million jumps a day are summed in constant time and stay finite",
          "[fundamental][reliability]") {
  FundamentalParams params;
  params.mean = 100.0;
  params.volatility = 0.0;
  params.jump_rate = 1e6;  // the documented maximum
  params.jump_mean = 0.0001;
  params.jump_stddev = 0.0001;
  FundamentalProcess process(params, 100.0, 7, 0);
  // Ten years in one step: some 3.65e9 jumps of ±0.01, whose sum has a standard deviation of
  // about √(3.65e9) · 0.01 · √2 ≈ 850 around 0 — the value, kept above zero, stays finite.
  process.advance_to(3650 * engine::kNanosPerDay);
  CHECK(std::isfinite(process.value()));
  CHECK(process.value() > 0.0);
  CHECK(process.time() == 3650 * engine::kNanosPerDay);
}

TEST_CASE("FundamentalProcess: summed jumps spread like the jumps drawn one by one",
          "[fundamental]") {
  // 200 jumps per step (summed) against the same jumps 50 at a time (drawn one by one): the
  // standard deviations of the steps agree (μ = 0: each jump ±σz, the sum's sd is σ√n).
  FundamentalParams params;
  params.mean = 100.0;
  params.volatility = 0.0;
  params.jump_mean = 0.0;
  params.jump_stddev = 0.001;
  params.jump_rate = 200.0;  // per day
  const auto step_sd = [&](Nanos step, int steps) {
    FundamentalProcess process(params, 1e6, 11, 0);
    double sum = 0.0;
    double squares = 0.0;
    double last = process.value();
    for (int i = 1; i <= steps; ++i) {
      process.advance_to(i * step);
      const double change = process.value() - last;
      last = process.value();
      sum += change;
      squares += change * change;
    }
    const double mean = sum / steps;
    return std::sqrt(squares / steps - mean * mean);
  };
  // σ·mean·√n per step: 0.1·√200 ≈ 1.41 per day; 0.1·√50 ≈ 0.71 per quarter day.
  CHECK(step_sd(engine::kNanosPerDay, 4000) == Approx(0.1 * std::sqrt(200.0)).epsilon(0.05));
  CHECK(step_sd(engine::kNanosPerDay / 4, 4000) == Approx(0.1 * std::sqrt(50.0)).epsilon(0.05));
}

namespace {

/// One-minute log returns of the fundamental advanced on a one-second clock for `minutes`.
std::vector<double> minute_returns(const FundamentalParams& params, std::uint64_t seed,
                                   int minutes) {
  FundamentalProcess process(params, params.mean, seed, 0);
  std::vector<double> returns;
  double last = std::log(process.value());
  for (int minute = 1; minute <= minutes; ++minute) {
    for (int second = 1; second <= 60; ++second) {
      process.advance_to((minute - 1) * engine::kNanosPerMinute + second * engine::kNanosPerSecond);
    }
    const double now = std::log(process.value());
    returns.push_back(now - last);
    last = now;
  }
  return returns;
}

double excess_kurtosis_of(const std::vector<double>& x) {
  double mean = 0.0;
  for (const double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  double m2 = 0.0;
  double m4 = 0.0;
  for (const double v : x) {
    m2 += (v - mean) * (v - mean);
    m4 += std::pow(v - mean, 4);
  }
  m2 /= static_cast<double>(x.size());
  m4 /= static_cast<double>(x.size());
  return m4 / (m2 * m2) - 3.0;
}

double lag1_autocorrelation(const std::vector<double>& x) {
  double mean = 0.0;
  for (const double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  double numerator = 0.0;
  double denominator = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    denominator += (x[i] - mean) * (x[i] - mean);
    if (i + 1 < x.size()) numerator += (x[i] - mean) * (x[i + 1] - mean);
  }
  return numerator / denominator;
}

}  // namespace

TEST_CASE("FundamentalProcess: stochastic volatility gives fat tails and volatility clustering",
          "[fundamental][realism]") {
  // A log-OU volatility factor exp(h − η²), h ~ N(0, η²) with a 30-minute reversion: one-minute
  // returns are a normal variance mixture, excess kurtosis 3(e^{4η²} − 1) ≈ 5.15 for η = 0.5
  // (less a little, the factor moving within a minute), and |returns| are autocorrelated because
  // the factor persists. Constant volatility (η = 0, ABIDES' oracle) gives neither. Measured over
  // 20 days of minutes (28,800 returns) at two seeds.
  FundamentalParams params;
  params.mean = 100.0;
  params.volatility = 0.03;
  params.volatility_reversion_time = 30 * engine::kNanosPerMinute;
  const int minutes = 20 * 24 * 60;
  for (const std::uint64_t seed : {3u, 4u}) {
    params.volatility_of_volatility = 0.5;
    const std::vector<double> clustered = minute_returns(params, seed, minutes);
    params.volatility_of_volatility = 0.0;
    const std::vector<double> constant = minute_returns(params, seed, minutes);
    std::vector<double> clustered_abs;
    std::vector<double> constant_abs;
    for (const double r : clustered) clustered_abs.push_back(std::abs(r));
    for (const double r : constant) constant_abs.push_back(std::abs(r));
    INFO("seed " << seed);
    CHECK(excess_kurtosis_of(clustered) > 3.0);
    CHECK(excess_kurtosis_of(clustered) < 7.0);
    CHECK(std::abs(excess_kurtosis_of(constant)) < 0.2);  // ±4 standard errors √(24/N)
    CHECK(lag1_autocorrelation(clustered_abs) > 0.1);
    CHECK(std::abs(lag1_autocorrelation(constant_abs)) < 0.03);
    // Returns themselves stay uncorrelated either way.
    CHECK(std::abs(lag1_autocorrelation(clustered)) < 0.03);
    // The volatility parameter stays the root-mean-square volatility: the variance of the
    // returns matches σ² per day within 10%.
    double squares = 0.0;
    for (const double r : clustered) squares += r * r;
    const double per_day = squares / static_cast<double>(minutes) * 24 * 60;
    CHECK(std::sqrt(per_day) == Approx(0.03).epsilon(0.1));
  }
}
