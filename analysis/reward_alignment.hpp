#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "analysis/run_data.hpp"

namespace lmsim::analysis {

// Fairness that is not circular (docs/metrics.md §8b): rewards measured against what a miner
// gave takers and what it bore, quantities no rule defines. "Reward ÷ contribution" is 1 by
// construction when contribution is what the rule pays for; reward per unit of *useful
// liquidity* or of *risk* is not, so it can tell a rule that pays market making from one that
// pays being present. Pure functions: the same inputs give the same numbers; undefined figures
// are NaN.

/// What a participant (an account or an entity's accounts together) offered takers during the
/// run, in base asset, whatever the rule.
struct UsefulLiquidity {
  double maker_volume = 0.0;  ///< Σ amount of its maker fills whose taker was not one of its
                              ///< entity's accounts (a wash trade is not liquidity)
  /// Mean over the campaign's market samples (MinerRecord::size_at_touch_average) of its size
  /// at the best bid + best ask. Not over the snapshots: the yardstick of a rule's payments
  /// must not be sampled when the rule samples, or a miner that shows its orders only around
  /// the snapshots looks as useful as it looks to the rule.
  double touch_size = 0.0;
  /// Mean over the same samples of its part of the reference market orders' walks, both sides,
  /// summed over the sizes (MinerRecord::reference_fill_average).
  double reference_fill = 0.0;
};

/// What a participant bore to provide it, in quote currency.
struct RiskBorne {
  double inventory_risk = 0.0;  ///< σ of its inventory value over snapshots (participant_metrics)
  double adverse_selection = 0.0;  ///< max(0, −Σ mark-outs of its fills): what takers took from it
  double capital_at_risk = 0.0;    ///< mean over snapshots with a mid of its eligible size on both
                                   ///< sides × the mid: capital a taker could hit inside the band
};

/// A participant's useful liquidity: its accounts in RunData::miners (ascending indices). A
/// measure that is NaN for one of its accounts (no market sample within the campaign) is NaN.
UsefulLiquidity useful_liquidity(const RunData& run, std::span<const std::size_t> accounts);

/// A participant's capital at risk (RiskBorne::capital_at_risk); NaN without a snapshot with a
/// mid. The other two risks come from participant_metrics.
double capital_at_risk(const RunData& run, std::span<const std::size_t> accounts);

/// Whether each account of the run is honest: its group or strategy is named in RunData::honest,
/// or that list is empty (everyone is).
std::vector<bool> honest_accounts(const RunData& run);

/// x_i / Σx for each value (finite, ≥ 0; NaN values are left out of the sum and stay NaN);
/// every share is NaN when the sum is 0 — a measure nobody has says nothing of anyone.
std::vector<double> shares(std::span<const double> values);

/// One participant's rewards measured against its useful liquidity and its risk.
/// - `useful_share`: the mean of its defined shares of the three useful-liquidity measures (each
///   a share of all participants' total); `risk_share` likewise of the three risks. NaN when no
///   measure is defined.
/// - `reward_per_useful` = reward_share / useful_share: 1 when paid in proportion to the useful
///   liquidity it gave; +∞ when paid with a useful share of 0; NaN when its reward share is
///   undefined, or both are 0. `reward_per_risk` likewise with risk_share.
/// - `gaming_premium` = reward_per_useful / the median reward_per_useful of the honest
///   participants (over those with a finite value): ≈ 1 for a participant paid like the honest
///   ones, > 1 for one paid more per unit of useful liquidity. NaN when the median is
///   undefined or 0.
struct Alignment {
  bool honest = true;
  double reward_share = 0.0;
  double useful_share = 0.0;
  double risk_share = 0.0;
  double reward_per_useful = 0.0;
  double reward_per_risk = 0.0;
  double gaming_premium = 0.0;
};

/// How unevenly a population is paid per unit of useful liquidity and of risk: Gini and Jain
/// (analysis/fairness.hpp) of the finite reward_per_useful (reward_per_risk) values, over the
/// `per_useful_population` (`per_risk_population`) participants that have one, and how many
/// were paid for none (+∞: `paid_without_useful`, `paid_without_risk`).
struct AlignmentDispersion {
  std::size_t per_useful_population = 0;
  double gini_reward_per_useful = 0.0;
  double jain_reward_per_useful = 0.0;
  std::size_t paid_without_useful = 0;
  std::size_t per_risk_population = 0;
  double gini_reward_per_risk = 0.0;
  double jain_reward_per_risk = 0.0;
  std::size_t paid_without_risk = 0;
  double honest_median_reward_per_useful = 0.0;  ///< the gaming premium's denominator
};

struct RewardAlignment {
  std::vector<Alignment> participants;  ///< in input order
  AlignmentDispersion dispersion;
};

/// The alignment of `rewards` (tokens, finite and ≥ 0, one per participant) with each
/// participant's useful liquidity and risk; `honest` says which participants the gaming premium
/// is measured against. Spans of different lengths throw std::invalid_argument.
RewardAlignment reward_alignment(std::span<const double> rewards,
                                 std::span<const UsefulLiquidity> useful,
                                 std::span<const RiskBorne> risk, const std::vector<bool>& honest);

}  // namespace lmsim::analysis
