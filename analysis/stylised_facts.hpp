#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/bootstrap.hpp"
#include "engine/side.hpp"
#include "engine/time.hpp"

namespace lmsim::analysis {

// The stylised facts of a market (Cont 2001, "Empirical properties of asset returns: stylized
// facts and statistical issues", Quantitative Finance 1(2)): the statistics by which a synthetic
// market is compared with recorded data, and which a calibration by the simulated method of
// moments matches. Every figure is an Estimate (analysis/bootstrap.hpp) with a moving-block
// bootstrap standard error and percentile interval, computed from block sums (Künsch's tuples for
// lagged pairs) so that ~100k returns × 200 resamples take a fraction of a second.
//
// Inputs are plain spans sampled by the caller on a regular grid: `times` (int64 ns, strictly
// increasing, equally spaced) and per grid point a mid, best bid/ask or depth in which NaN means
// "not defined at this instant" (no mid, an empty side). Prices are in quote currency per unit of
// base asset, depths and trade sizes in base asset. Invalid input throws std::invalid_argument
// with a message `function: what is wrong`; too little data gives NaN figures, never a throw.
// Formulas, conventions and sources: docs/metrics.md, "Stylised facts".

/// Lags of the autocorrelation of returns: 1..5.
inline constexpr std::size_t kReturnAcfLags = 5;
/// Lags of the autocorrelation of absolute returns (volatility clustering): 1..60.
inline constexpr std::size_t kAbsoluteReturnAcfLags = 60;
/// The Hill estimator uses the top ⌊N / 20⌋ (5%) of N magnitudes, and needs at least 10 of them
/// (N ≥ 200).
inline constexpr std::size_t kHillTailDivisor = 20;
inline constexpr std::size_t kHillMinimumTail = 10;
/// The power-law fit of the absolute-return autocorrelation needs this many lags with a positive
/// autocorrelation.
inline constexpr std::size_t kDecayFitMinimumLags = 3;

/// The log returns of a mid series over consecutive, non-overlapping intervals of `horizon`
/// (ns) on its grid: with m = horizon / step, return j = ln(mid[(j+1)m] / mid[jm]) for
/// j = 0..⌊(n − 1)/m⌋ − 1. A return is NaN (skipped by every statistic, but keeping its place so
/// that lags stay lags in time) when any mid in [jm, (j+1)m] is NaN: a return spanning an
/// undefined mid is not a return of the market. Requires: times strictly increasing and equally
/// spaced (step = times[1] − times[0]), horizon > 0 and a multiple of the step, as many mids as
/// times, each mid NaN or finite and > 0. Fewer than two grid points: no returns.
std::vector<double> grid_log_returns(std::span<const engine::Nanos> times,
                                     std::span<const double> mids, engine::Nanos horizon);

/// The excess kurtosis m₄ / m₂² − 3 of the finite values (NaN entries skipped), with the central
/// moments m_k = Σ(x − x̄)^k / N (the moment estimator g₂; 0 for a normal distribution, > 0 for fat
/// tails). NaN when N < 4 or the values are constant. Requires no infinities.
double excess_kurtosis(std::span<const double> values);

/// The Hill (1975) estimator of the tail index α of the magnitudes (NaN entries skipped, the rest
/// finite and ≥ 0): with X₍₁₎ ≥ X₍₂₎ ≥ … the N values sorted descending and k = ⌊N / 20⌋ (the top
/// 5%), α = 1 / ((1/k) Σ_{i=1..k} ln X₍ᵢ₎ − ln X₍ₖ₊₁₎). A tail P(X > x) ~ x^(−α): α ≈ ν for
/// Student-t returns, 2 < α < 5 for most asset returns (Cont 2001). NaN when k < 10 (N < 200),
/// when X₍ₖ₊₁₎ = 0 (more than 95% zeros) or when the top k + 1 are all equal (no tail).
double hill_tail_index(std::span<const double> magnitudes);

/// The exponent β of a power-law decay acf(h) ≈ C · h^(−β), fitted by ordinary least squares of
/// ln acf(h) on ln h over the lags h (acf[h − 1] is lag h) whose autocorrelation is finite and
/// > 0 (a logarithm needs it; lags with acf ≤ 0 are the noise floor). Positive for a decaying
/// autocorrelation; 0.2–0.5 is typical of absolute returns (Cont 2001, §3.3). NaN when fewer than
/// three lags qualify.
double power_law_decay_exponent(std::span<const double> acf);

/// The stylised facts of the returns at one horizon (grid_log_returns of the mid):
/// - `horizon` (ns); `intervals`: grid intervals of that length (defined or not); `count`: the
///   defined returns N; `block_length`: the bootstrap's b over the interval index;
///   `variance_ratio_periods`: the k of the variance ratio.
/// - `standard_deviation`: sample standard deviation √(Σ(r − r̄)² / (N − 1)) (log return, a
///   fraction per horizon); NaN for N < 2.
/// - `excess_kurtosis`: as excess_kurtosis(); `hill_tail_index`: hill_tail_index of |r|.
/// - `return_acf[h − 1]`, h = 1..5, and `absolute_return_acf[h − 1]`, h = 1..60: the sample
///   autocorrelation Σ_t (x_t − x̄)(x_{t+h} − x̄) / Σ_t (x_t − x̄)² over the pairs of defined returns
///   h intervals apart (Box & Jenkins; the ÷ N convention of both sums), for x = r and x = |r|. NaN
///   with fewer than two such pairs or a constant series.
/// - `absolute_acf_decay_exponent`: power_law_decay_exponent of the absolute-return
///   autocorrelations (lags 1..60).
/// - `variance_ratio`: VR(k) = 1 + 2 Σ_{j=1..k−1} (1 − j/k) ρ̂(j), with ρ̂ the autocorrelation of
///   returns as above — Var(k-period return) / (k · Var(1-period return)) written with the sample
///   autocovariances (Lo & MacKinlay 1988): 1 for a random walk, > 1 under momentum, < 1 under
///   mean reversion. NaN when there are no more intervals than k.
/// - `zero_return_share`: the share of defined returns exactly 0 (the mid did not move).
/// Every Estimate's bootstrap resamples blocks of the interval index (b = ⌈intervals^(1/3)⌉
/// unless set), seeded with settings.seed.
struct ReturnFacts {
  engine::Nanos horizon;
  std::size_t intervals;
  std::size_t count;
  std::size_t block_length;
  std::size_t variance_ratio_periods;
  Estimate standard_deviation;
  Estimate excess_kurtosis;
  Estimate hill_tail_index;
  std::array<Estimate, kReturnAcfLags> return_acf;
  std::array<Estimate, kAbsoluteReturnAcfLags> absolute_return_acf;
  Estimate absolute_acf_decay_exponent;
  Estimate variance_ratio;
  Estimate zero_return_share;
};

/// k for the variance ratio when none is given: the number of horizons in an hour,
/// max(2, ⌊1 h / horizon⌋) — 3,600 for 1 s returns, 60 for 1 min, 12 for 5 min. Requires
/// horizon > 0.
std::size_t default_variance_ratio_periods(engine::Nanos horizon);

/// The return facts at `horizon` of a mid series on a regular grid (see grid_log_returns for the
/// requirements and the handling of NaN). `variance_ratio_periods` is k (≥ 2), or 0 for
/// default_variance_ratio_periods(horizon). Empty or too-short series give count 0 (or small)
/// and NaN figures.
ReturnFacts return_facts(std::span<const engine::Nanos> times, std::span<const double> mids,
                         engine::Nanos horizon, const BootstrapSettings& settings,
                         std::size_t variance_ratio_periods = 0);

/// The distribution of a sampled quantity: `count` defined samples, their `mean`, `median` and the
/// quantiles at 5, 25, 75 and 95% (sorted_quantile, type 7), in the quantity's units.
struct DistributionFacts {
  std::size_t count;
  Estimate mean;
  Estimate median;
  Estimate q05;
  Estimate q25;
  Estimate q75;
  Estimate q95;
};

/// The quoted spread over the grid: `ticks` = (ask − bid) / tick_size and `bps` = (ask − bid) /
/// mid × 10⁴ with mid = (bid + ask) / 2 (liquidity.hpp's quoted_spread_bps). A crossed book gives
/// a negative spread, kept as is. `block_length`: the bootstrap's b over the grid index.
struct SpreadFacts {
  std::size_t block_length;
  DistributionFacts ticks;
  DistributionFacts bps;
};

/// Spread facts from best bid and ask series on the grid (equal lengths; each entry NaN — that
/// side empty, the instant skipped — or finite and > 0) and the tick size (finite, > 0, quote
/// currency). The bootstrap resamples blocks of grid points, seeded with settings.seed.
SpreadFacts spread_facts(std::span<const double> best_bid, std::span<const double> best_ask,
                         double tick_size, const BootstrapSettings& settings);

/// One side's depth on the grid within ±0.5%, ±1% and ±2% of the mid (base asset, liquidity.hpp's
/// depth_within; equal lengths; NaN where undefined, e.g. no mid).
struct BandDepths {
  std::span<const double> half_percent;
  std::span<const double> one_percent;
  std::span<const double> two_percent;
};

/// The mean depth of one side (or both added) and its cumulative shape:
/// - `within_half_percent`, `within_one_percent`, `within_two_percent`: mean depth (base asset);
/// - `share_half_percent`, `share_one_percent`: Σ depth within ±0.5% (±1%) / Σ depth within ±2%
///   over the grid — a ratio of means, so an instant with an empty book weighs nothing rather
///   than 0/0; in [0, 1] when the bands nest. NaN when there is no depth within ±2% at all.
struct SideDepthFacts {
  Estimate within_half_percent;
  Estimate within_one_percent;
  Estimate within_two_percent;
  Estimate share_half_percent;
  Estimate share_one_percent;
};

/// The depth profile over the grid points where all six depths are defined (`count`): bid, ask
/// and both sides added. `block_length`: the bootstrap's b over the grid index.
struct DepthProfile {
  std::size_t count;
  std::size_t block_length;
  SideDepthFacts bid;
  SideDepthFacts ask;
  SideDepthFacts both;
};

/// The depth profile from per-side band depths on the grid (all six spans of equal length, each
/// entry NaN or finite and ≥ 0). The bootstrap resamples blocks of grid points, seeded with
/// settings.seed.
DepthProfile depth_profile(const BandDepths& bid, const BandDepths& ask,
                           const BootstrapSettings& settings);

/// The trades of a market over an observation window [window_start, window_end) (ns): their times
/// (non-decreasing, inside the window), sizes (base asset, finite, > 0) and aggressor sides
/// (engine::Side::kBid for a buyer-initiated trade, kAsk for a seller-initiated one), all of the
/// same length.
struct TradeTape {
  std::span<const engine::Nanos> times;
  std::span<const double> sizes;
  std::span<const engine::Side> aggressors;
  engine::Nanos window_start;
  engine::Nanos window_end;
};

/// The trade facts of a tape:
/// - `count`: trades; `rate_per_minute`: count / window length in minutes, bootstrapped over
///   one-minute bins of the window (the last bin may be shorter; a resample's rate is its trades
///   over its minutes), in blocks of ⌈bins^(1/3)⌉ bins;
/// - `size`: the distribution of trade sizes (base asset), `size_excess_kurtosis`
///   (excess_kurtosis) and `size_hill_tail_index` (hill_tail_index of the sizes);
/// - `buy_share`: the share of buyer-initiated trades;
/// the trade figures bootstrapped over blocks of consecutive trades (⌈count^(1/3)⌉).
struct TradeFacts {
  std::size_t count;
  Estimate rate_per_minute;
  DistributionFacts size;
  Estimate size_excess_kurtosis;
  Estimate size_hill_tail_index;
  Estimate buy_share;
};

/// Trade facts of a tape. The trade figures' resamples are seeded with settings.seed, the bins'
/// with derive_seed(settings.seed, 1). Requires window_end > window_start and the tape as
/// TradeTape describes.
TradeFacts trade_facts(const TradeTape& trades, const BootstrapSettings& settings);

/// The predictive power of the book's imbalance for the next return: at each interval start
/// t_j = times[0] + j·horizon, the imbalance I_j = (bid − ask) / (bid + ask) of the depths at that
/// grid point against the next return r_j of grid_log_returns (over [t_j, t_j + horizon]);
/// `correlation` is Pearson's r over the `count` pairs where both are defined (an imbalance is
/// undefined when a depth is NaN or both are 0), bootstrapped over blocks of the interval index.
struct ImbalanceFacts {
  engine::Nanos horizon;
  std::size_t count;
  Estimate correlation;
};

/// Imbalance → next-return correlation at `horizon`. `bid_depth` and `ask_depth` are depths on
/// the same grid as `mids` (one entry per time, NaN or finite and ≥ 0): within ±0.5% of the mid,
/// or at the best level, as the caller chooses. Grid requirements as grid_log_returns. Seeded with
/// settings.seed.
ImbalanceFacts imbalance_return_correlation(std::span<const engine::Nanos> times,
                                            std::span<const double> mids,
                                            std::span<const double> bid_depth,
                                            std::span<const double> ask_depth,
                                            engine::Nanos horizon,
                                            const BootstrapSettings& settings);

/// Best bid and ask on the grid, and the tick size (for spread_facts).
struct BestQuotes {
  std::span<const double> best_bid;
  std::span<const double> best_ask;
  double tick_size;
};

/// Band depths of both sides on the grid (for depth_profile and, at ±0.5%, the imbalance).
struct BookDepth {
  BandDepths bid;
  BandDepths ask;
};

/// Everything recorded of one market on one grid. The mid is required; quotes, depth and trades
/// are optional (absent: the corresponding facts are absent).
struct SampledMarket {
  std::span<const engine::Nanos> times;
  std::span<const double> mid;
  std::optional<BestQuotes> quotes;
  std::optional<BookDepth> depth;
  std::optional<TradeTape> trades;
};

/// The stylised facts of a market at a set of horizons: `returns[i]` and, when depth was given,
/// `imbalance[i]` at horizons[i]; the spread, depth profile and trade facts when their inputs
/// were given.
struct MarketFacts {
  std::vector<ReturnFacts> returns;
  std::vector<ImbalanceFacts> imbalance;
  std::optional<SpreadFacts> spread;
  std::optional<DepthProfile> depth;
  std::optional<TradeFacts> trades;
};

/// All the facts of a market (typically at 1 s, 1 min and 5 min). Each part is computed by its
/// function with the settings' seed replaced by a sub-seed derive_seed(settings.seed, stream):
/// stream 0 for the grid (spread and depth, which so resample the same blocks), 1 for the trades,
/// 2 + i for horizon i (its returns and its imbalance, again the same blocks). The parts are
/// independent and computed on up to settings.threads threads (run_tasks), each of them
/// resampling on as many: the facts are the same bits whatever the count. Requires at least one
/// horizon, each > 0.
MarketFacts market_facts(const SampledMarket& market, std::span<const engine::Nanos> horizons,
                         const BootstrapSettings& settings);

/// One moment for a calibration: a name, the value and its bootstrap standard error.
struct NamedMoment {
  std::string name;
  double value;
  double standard_error;
};

/// The facts as a flat list of named moments in a stable order, for the simulated method of
/// moments: per horizon h (named by engine::format_duration: "1s", "1m", "5m") "returns.h.sd",
/// ".excess_kurtosis", ".hill_tail_index", ".acf.1"–".acf.5", ".abs_acf.1"–".abs_acf.60",
/// ".abs_acf_decay_exponent", ".variance_ratio", ".zero_share"; then "spread.ticks.*" and
/// "spread.bps.*" (mean, median, q05, q25, q75, q95); "depth.{bid,ask,both}.*" (half_pct, one_pct,
/// two_pct, share_half_pct, share_one_pct); "trades.rate_per_minute", "trades.size.*",
/// "trades.size.excess_kurtosis", "trades.size.hill_tail_index", "trades.buy_share"; per horizon
/// "imbalance.h.next_return_correlation". Counts are not moments and are left out. An absent part
/// gives its moments with NaN value and error, so the list's names depend only on the horizons —
/// the same for a synthetic and a recorded market.
std::vector<NamedMoment> flatten_moments(const MarketFacts& facts);

/// One fact with its whole Estimate (value, standard error, interval), named as in
/// flatten_moments.
struct NamedFact {
  std::string name;
  Estimate estimate;
};

/// The facts with their intervals, in flatten_moments' order and names (flatten_moments is this
/// list without the intervals).
std::vector<NamedFact> flatten_facts(const MarketFacts& facts);

}  // namespace lmsim::analysis
