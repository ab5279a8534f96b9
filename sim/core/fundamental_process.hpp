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
  /// Stochastic volatility: the stationary standard deviation η of the log-volatility factor
  /// (0 = constant volatility, as ABIDES' oracle). The diffusion is multiplied by exp(h − η²), h an
  /// Ornstein–Uhlenbeck process with mean 0, variance η² and reversion time
  /// `volatility_reversion_time`, so `volatility` stays the root-mean-square volatility.
  double volatility_of_volatility = 0.0;
  Nanos volatility_reversion_time = 30 * engine::kNanosPerMinute;  ///< 1/κ of the log-volatility
};

/// The hidden fundamental value of a synthetic market: an Ornstein–Uhlenbeck process around
/// `mean` (exact Gaussian transitions, so the step size does not bias it), plus compound-Poisson
/// jumps with a random sign (ABIDES' megashocks), with optional calm/volatile regimes whose
/// spells have exponentially distributed lengths and which multiply the diffusion, and an
/// optional stochastic volatility: a log-normal factor exp(h − η²) on the diffusion, h an
/// Ornstein–Uhlenbeck process (the log-OU model of Scott 1987; Wiggins 1987) advanced exactly
/// and held constant within a clock step. It gives returns fat tails (a normal variance mixture:
/// excess kurtosis 3(e^{4η²} − 1) at horizons well below the reversion time) and volatility
/// clustering (|return| autocorrelation decaying with the reversion time) — the stylised facts
/// ABIDES' constant-volatility oracle lacks. It is advanced on the simulation's fixed clock,
/// never at observation times, so its path does not depend on who looks at it.
class FundamentalProcess {
 public:
  FundamentalProcess(const FundamentalParams& params, double initial, std::uint64_t seed,
                     Nanos start);

  /// Advances the process to `time` (≥ the current time) in one exact step.
  void advance_to(Nanos time);

  double value() const { return value_; }
  bool volatile_regime() const { return volatile_; }
  /// The current diffusion factor of the stochastic volatility, exp(h − η²) (1 without it).
  double volatility_factor() const { return volatility_factor_; }
  Nanos time() const { return time_; }

 private:
  void step(Nanos duration);

  FundamentalParams params_;
  RandomStream random_;
  double value_;
  Nanos time_;
  bool volatile_ = false;
  Nanos next_switch_;
  double log_volatility_ = 0.0;  ///< h
  double volatility_factor_ = 1.0;
};

}  // namespace lmsim::sim
