#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/run_data.hpp"
#include "analysis/stylised_facts.hpp"
#include "engine/time.hpp"

namespace lmsim::analysis {

// How much a sampled market looks like a real one: the stylised facts (stylised_facts.hpp) of a
// run's /market series — returns at 1 s, 1 min and 5 min, spread, depth profile, trades, book
// imbalance — plus a check of the realised volatility the run published against the mid's own,
// and the realism bands a synthetic market is held to (docs/facts.md). The same code measures a
// synthetic run and a replayed recording, so the two can be put side by side.

/// The horizons of the return facts: 1 s, 1 min and 5 min (those the grid step divides).
inline constexpr std::array<engine::Nanos, 3> kFactHorizons = {
    engine::kNanosPerSecond, engine::kNanosPerMinute, 5 * engine::kNanosPerMinute};

/// How to measure:
/// - `bootstrap`: the moving-block bootstrap of every fact (200 resamples, seed 0 by default:
///   the same series always gives the same intervals);
/// - `tick_size`: quote currency per tick, for the spread in ticks (> 0);
/// - `volatility_warmup`: realised-volatility samples in the first min(`volatility_warmup`, a
///   quarter of the window) are left out of its RMS (the EWMA starts at 0, and needs a few
///   half-lives to settle); ≥ 0.
struct RealismOptions {
  BootstrapSettings bootstrap{};
  double tick_size = 0.01;
  engine::Nanos volatility_warmup = 15 * engine::kNanosPerMinute;
};

/// The realised volatility a run published (MarketSeries::realised_volatility, the EWMA the
/// agents and fair-weather miners read) against the volatility of the mid's own one-minute log
/// returns, both annualised fractions:
/// - `published_rms`: √(mean of rv²) over the samples after the warm-up where the mid is defined
///   (the RMS, because an EWMA of squared returns estimates a variance);
/// - `mid_return`: the sample standard deviation of the 1-min log returns × √525,960;
/// - `ratio`: published_rms / mid_return (1 when the estimator is right); NaN when either is
///   undefined (no 1-min returns, no sample after the warm-up) or mid_return is 0;
/// - `samples`: how many samples the RMS averages.
struct VolatilityCheck {
  double published_rms = 0.0;
  double mid_return = 0.0;
  double ratio = 0.0;
  std::size_t samples = 0;
};

/// A market's facts and checks:
/// - `start`, `end`: the first and last sample times (ns); `step`: the grid step (ns, 0 for
///   fewer than two samples); `samples`: grid points; `defined_mids`: those with a mid;
/// - `horizons_not_computed`: the kFactHorizons the step does not divide (a series recorded every
///   7 s has none of 1 s, 1 min and 5 min), whose return and imbalance facts are left out rather
///   than measured at the nearest samples; when that is all of them, the facts are measured at
///   the step itself;
/// - `facts`: market_facts() at the kFactHorizons the step divides, with the spread, the depth
///   profile (both sides within ±0.5/1/2%), the imbalance at ±0.5% and the trade tape of the
///   window (prints from start − step on: a sample holds the trades since the one before);
/// - `volatility`: the check above.
struct MarketRealism {
  engine::Nanos start = 0;
  engine::Nanos end = 0;
  engine::Nanos step = 0;
  std::size_t samples = 0;
  std::size_t defined_mids = 0;
  std::vector<engine::Nanos> horizons_not_computed;
  MarketFacts facts;
  VolatilityCheck volatility;
};

/// Measures `series` (a run's /market or /baseline/market, or a replayed recording sampled the
/// same way). Requires the series as MarketSeries documents (equally spaced times, …);
/// std::invalid_argument otherwise. Fewer than two samples: NaN facts, no throw.
MarketRealism market_realism(const MarketSeries& series, const RealismOptions& options);

/// One realism band (docs/facts.md, "Realism bands"): `name` of the figure (a flatten_facts name
/// or "volatility.ratio"), what it demands (`rule`, a sentence), the figure's `value`, the
/// inclusive interval [low, high] it must lie in, and whether it does (`holds`; never for NaN).
struct RealismBand {
  std::string name;
  std::string rule;
  double value = 0.0;
  double low = 0.0;
  double high = 0.0;
  bool holds = false;
};

/// The bands of a synthetic market: |lag-1 acf of 1-min returns| ≤ 0.1; 1-min excess kurtosis in
/// [2, 50]; lag-1 acf of 1-min |returns| ≥ 0.05 and its mean over lags 1–10 ≥ 0.02 (positive
/// and slowly decaying: volatility still clusters over ten minutes); published volatility ratio in
/// [0.75, 1.25]; and, when a `reference` market is given, its two-sided depth shares within ±0.5%
/// and ±1% of the ±2% depth each within 0.15 of the reference's.
std::vector<RealismBand> realism_bands(const MarketRealism& market,
                                       const MarketRealism* reference = nullptr);

/// The facts of a market by name (flatten_facts) with the volatility check appended as
/// "volatility.published_rms", "volatility.mid_return" and "volatility.ratio" (no intervals).
std::vector<NamedFact> realism_facts(const MarketRealism& market);

}  // namespace lmsim::analysis
