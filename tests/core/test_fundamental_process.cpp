#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>

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
