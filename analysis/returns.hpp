#pragma once

#include "engine/time.hpp"

namespace lmsim::analysis {

// The return figures Hummingbot's miner dashboards showed (SCORING.md §1, "Return metrics").
// Rewards, volumes, liquidity and capital are plain doubles in one unit of the caller's choice —
// both in the quote currency (USD on the dashboards) or both in base asset — and are never
// converted here. Every result is a fraction, not a percentage: 1.30446 is 130.446%. Annualising
// is simple (× periods per year, not compounded) over the 365.25-day year of
// analysis/annualisation.hpp. Negative or non-finite inputs throw std::invalid_argument; a zero
// denominator (nothing eligible, nothing committed) gives NaN, because a return on nothing is
// undefined, and a pool with no eligible orders rolls over anyway (SCORING.md §1, "Rollover").

/// The return of one snapshot: the snapshot's reward / total eligible order volume in that
/// snapshot (unweighted by the spread weight ρ). NaN if the eligible volume is 0.
double snapshot_return(double snapshot_reward, double eligible_volume);

/// A per-snapshot return annualised: × (365.25 days / snapshot_interval), i.e. × 60 · 24 · 365.25
/// = 525,960 for Hummingbot's one-minute snapshots. NaN stays NaN. Throws if the interval ≤ 0.
double annualised_snapshot_return(double per_snapshot_return, engine::Nanos snapshot_interval);

/// The launch dashboard's annualised return: weekly reward / open order volume × 365.25 / 7.
/// For a $250 weekly reward: $100 of orders → 130.446 (13,044.6%), $43,482 → 0.300 (30.0%).
/// NaN if the open order volume is 0.
double launch_dashboard_annual_return(double weekly_reward, double open_order_volume);

/// The later dashboard's yield per day: (weekly reward / 7) / current eligible liquidity.
/// NaN if the eligible liquidity is 0.
double daily_yield(double weekly_reward, double eligible_liquidity);

/// daily_yield × 365.25 — algebraically the launch dashboard's annualised return with eligible
/// liquidity in place of open order volume.
double annual_yield(double weekly_reward, double eligible_liquidity);

/// The annualised reward yield on committed capital: reward earned over `period` / capital
/// committed for that period × (365.25 days / period). Counts rewards only (no trading P&L or
/// inventory risk). NaN if the capital is 0; throws if the period ≤ 0.
double annualised_reward_yield(double reward, double committed_capital, engine::Nanos period);

}  // namespace lmsim::analysis
