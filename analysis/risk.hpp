#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "analysis/step_series.hpp"
#include "engine/time.hpp"

namespace lmsim::analysis {

// What quoting costs a miner besides the capital: inventory swings, adverse selection of its
// fills and the volatility of the market it quotes in. Non-finite inputs where a finite one is
// required throw std::invalid_argument, as do spans of different lengths.

/// The population standard deviation √(Σ(x − x̄)² / n) of a series, e.g. a miner's inventory value
/// (quote currency) sampled on the recorder's cadence. Population (÷ n), not sample (÷ n − 1):
/// a run's recorded series is the whole of what happened, not a sample from it. The mean is
/// subtracted first (two passes). n = 0: NaN; n = 1: 0. Requires finite values.
double standard_deviation(std::span<const double> values);

/// The mark-out of each fill after `horizon` (ns, ≥ 0): (mid(t + horizon) − fill price) ·
/// signed quantity, in quote currency, where the signed quantity is > 0 for a buy (the miner's
/// bid was hit) and < 0 for a sell. Equivalently side sign × (later mid − price) × |quantity|:
/// positive when the fill was good for the miner, negative under adverse selection. mid(t) is
/// `mids.value_at(t)`: the last mid at or before t + horizon (the later one among mids at the
/// same instant; the last mid of the series holds forever after it). A fill with no mid at or
/// before t + horizon gets NaN. The instant t + horizon saturates at the largest Nanos. Fills may
/// come in any order; the result is in input order. Requires finite prices > 0 and finite
/// quantities.
std::vector<double> fill_markouts(std::span<const engine::Nanos> fill_times,
                                  std::span<const double> fill_prices,
                                  std::span<const double> signed_quantities, const StepSeries& mids,
                                  engine::Nanos horizon);

/// Mark-outs aggregated over the fills that could be marked (a non-NaN mark-out: NaN means no mid
/// at or before t + horizon, or a NaN mid in force there).
/// - `total`: Σ mark-outs, quote currency (0 when none was marked).
/// - `per_unit`: total / Σ |signed quantity| over the marked fills: the average mark-out per unit
///   of base asset traded, in quote currency per unit (a price difference). NaN when no quantity
///   was marked.
/// - `marked`, `unmarked`: how many fills were and were not marked.
struct MarkoutSummary {
  double total;
  double per_unit;
  std::size_t marked;
  std::size_t unmarked;
};

/// Aggregates `fill_markouts` output with the signed quantities it was computed from (same
/// length and finite, std::invalid_argument otherwise).
MarkoutSummary summarise_markouts(std::span<const double> markouts,
                                  std::span<const double> signed_quantities);

/// The annualised realised volatility of a mid series sampled every `interval` (ns, > 0): the
/// population standard deviation of the log returns ln(m_i / m_{i−1}) times
/// √(periods_per_year(interval)), a fraction (0.6 = 60% a year). Assumes regular sampling (a
/// StepSeries can be resampled with value_at first). Fewer than two mids (no return): NaN; two
/// mids (one return): 0, by the population convention. Requires finite mids > 0 and
/// interval > 0.
double realised_volatility(std::span<const double> mids, engine::Nanos interval);

}  // namespace lmsim::analysis
