#include "sim/core/fundamental_process.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lmsim::sim {

namespace {

// Up to this many jumps in one step are drawn one by one (every bundled scenario's steps stay
// far below it); more are summed in one draw.
constexpr std::uint64_t kJumpsDrawnOneByOne = 64;

Nanos spell(RandomStream& random, Nanos mean) {
  return std::max<Nanos>(1,
                         static_cast<Nanos>(random.exponential(1.0) * static_cast<double>(mean)));
}

}  // namespace

FundamentalProcess::FundamentalProcess(const FundamentalParams& params, double initial,
                                       std::uint64_t seed, Nanos start)
    : params_(params), random_(seed), value_(initial), time_(start) {
  next_switch_ = params_.volatile_multiplier != 1.0 ? start + spell(random_, params_.calm_duration)
                                                    : std::numeric_limits<Nanos>::max();
  if (params_.volatility_of_volatility > 0.0) {
    // Started in its stationary distribution, so a run has no volatility warm-up.
    const double eta = params_.volatility_of_volatility;
    log_volatility_ = eta * random_.normal();
    volatility_factor_ = std::exp(log_volatility_ - eta * eta);
  }
}

void FundamentalProcess::advance_to(Nanos time) {
  // Regime switches fall between clock steps; the step is split there so each part uses the
  // volatility of the regime it lies in.
  while (next_switch_ <= time) {
    step(next_switch_ - time_);
    volatile_ = !volatile_;
    next_switch_ += spell(random_, volatile_ ? params_.volatile_duration : params_.calm_duration);
  }
  step(time - time_);
}

void FundamentalProcess::step(Nanos duration) {
  if (duration <= 0) return;
  time_ += duration;
  const double day = static_cast<double>(engine::kNanosPerDay);
  const double multiplier = (volatile_ ? params_.volatile_multiplier : 1.0) * volatility_factor_;
  // Diffusion per √ns in quote currency.
  const double sigma = params_.volatility * params_.mean * multiplier / std::sqrt(day);
  const double dt = static_cast<double>(duration);
  if (params_.reversion_time > 0) {
    const double kappa = 1.0 / static_cast<double>(params_.reversion_time);
    const double decay = std::exp(-kappa * dt);
    const double stddev = sigma * std::sqrt(-std::expm1(-2.0 * kappa * dt) / (2.0 * kappa));
    value_ = params_.mean + (value_ - params_.mean) * decay + stddev * random_.normal();
  } else {
    value_ += sigma * std::sqrt(dt) * random_.normal();
  }
  if (params_.jump_rate > 0.0) {
    const std::uint64_t jumps = random_.poisson(params_.jump_rate * dt / day);
    if (jumps <= kJumpsDrawnOneByOne) {
      for (std::uint64_t i = 0; i < jumps; ++i) {
        const double size = random_.normal(params_.jump_mean, params_.jump_stddev) * params_.mean;
        value_ += random_.bernoulli(0.5) ? size : -size;
      }
    } else {
      // Many jumps in one step (a high jump rate or a long step): their sum in constant time.
      // n jumps ±(μ + σ·z_i) of random signs add up to μ·(2B − n) + σ·√n·Z, B ~ Binomial(n, ½)
      // (drawn by its normal approximation, close at this n) and Z standard normal.
      const double n = static_cast<double>(jumps);
      const double heads =
          std::clamp(std::round(random_.normal(n / 2.0, std::sqrt(n) / 2.0)), 0.0, n);
      value_ += params_.mean * (params_.jump_mean * (2.0 * heads - n) +
                                params_.jump_stddev * std::sqrt(n) * random_.normal());
    }
  }
  // A price cannot go below zero; keep a sliver above it so ratios stay defined.
  value_ = std::max(value_, 1e-6 * params_.mean);
  if (params_.volatility_of_volatility > 0.0) {
    // The log-volatility moves after the step it applied to (an exact OU transition), so the
    // factor of a step is known at its start: a step's variance is (factor · sigma)² · dt.
    const double eta = params_.volatility_of_volatility;
    const double rate = 1.0 / static_cast<double>(params_.volatility_reversion_time);
    log_volatility_ = log_volatility_ * std::exp(-rate * dt) +
                      eta * std::sqrt(-std::expm1(-2.0 * rate * dt)) * random_.normal();
    volatility_factor_ = std::exp(log_volatility_ - eta * eta);
  }
}

}  // namespace lmsim::sim
