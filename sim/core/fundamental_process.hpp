#pragma once

#include "engine/time.hpp"
#include "sim/core/random_stream.hpp"

namespace lmsim::sim {

using engine::Nanos;

/// Parameters of the synthetic market's fundamental ("true") value.
struct FundamentalParams {
  double mean = 100.0;               ///< long-run mean r̄, quote currency
  Nanos reversion_time = 0;          ///< 1/κ of the Ornstein–Uhlenbeck process; 0 = no reversion
  double volatility = 0.01;          ///< standard deviation per √day, as a fraction of `mean`
  double jump_rate = 0.0;            ///< expected jumps ("megashocks") per day
  double jump_mean = 0.0;            ///< mean jump size, fraction of `mean` (sign is random)
  double jump_stddev = 0.0;          ///< standard deviation of the jump size, fraction of `mean`
  double volatile_multiplier = 1.0;  ///< volatility factor in the volatile regime (1 = no regimes)
  Nanos calm_duration = engine::kNanosPerDay;       ///< mean length of a calm spell
  Nanos volatile_duration = engine::kNanosPerHour;  ///< mean length of a volatile spell
};

/// The hidden fundamental value of a synthetic market: an Ornstein–Uhlenbeck process around
/// `mean` (exact Gaussian transitions, so the step size does not bias it), plus compound-Poisson
/// jumps with a random sign (ABIDES' megashocks), with optional calm/volatile regimes whose
/// spells have exponentially distributed lengths and which multiply the diffusion. It is
/// advanced on the simulation's fixed clock, never at observation times, so its path does not
/// depend on who looks at it.
class FundamentalProcess {
 public:
  FundamentalProcess(const FundamentalParams& params, double initial, std::uint64_t seed,
                     Nanos start);

  /// Advances the process to `time` (≥ the current time) in one exact step.
  void advance_to(Nanos time);

  double value() const { return value_; }
  bool volatile_regime() const { return volatile_; }
  Nanos time() const { return time_; }

 private:
  void step(Nanos duration);

  FundamentalParams params_;
  RandomStream random_;
  double value_;
  Nanos time_;
  bool volatile_ = false;
  Nanos next_switch_;
};

}  // namespace lmsim::sim
