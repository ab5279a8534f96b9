#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "analysis/run_metrics.hpp"

namespace lmsim::analysis {

// The rules that scored one run side by side (docs/metrics.md §8c, the report's "Rules
// compared"): every rule paid for the same market and orders, so what differs is whom it paid.
// Pure: figures come from RunMetrics::rules and the run's sponsor economics.

/// One rule's row. Unitless figures but cost_per_depth (tokens per day per base asset of depth
/// added within ±1% of the mid). NaN where undefined.
struct RuleComparisonRow {
  std::string name;                     ///< the rule's label in the run
  std::string rule;                     ///< the registered rule
  double paid = 0.0;                    ///< tokens paid to miners over the run
  double gini_rewards = 0.0;            ///< of entity rewards
  double gini_reward_per_useful = 0.0;  ///< of the entities' finite reward per useful liquidity
  double gini_reward_per_risk = 0.0;    ///< of the entities' finite reward per unit of risk
  std::vector<double> premiums;         ///< each adversary's gaming premium (RuleComparison order)
  /// paid per day ÷ the depth within ±1% that the campaign added (with − without the miners):
  /// the same depth for every rule of a run, since every rule scores the same orders.
  double cost_per_depth = 0.0;
};

inline constexpr std::size_t kNoWinner = std::numeric_limits<std::size_t>::max();

/// The table, with the winner of each column: the row with the lowest finite value, or
/// kNoWinner when no row has one or several share it (every rule paid the whole budget, so the
/// cost of depth is the same: no rule wins it). Lower is better in every column: a smaller
/// Gini is a more even payment, a smaller premium pays the adversary less per unit of useful
/// liquidity than the honest makers, a smaller cost buys depth more cheaply.
struct RuleComparison {
  std::vector<std::string> adversaries;  ///< entities that are not honest, in entity order
  std::vector<RuleComparisonRow> rows;   ///< RunMetrics::rules order: the campaign's rule first
  std::size_t winner_gini_rewards = kNoWinner;
  std::size_t winner_gini_reward_per_useful = kNoWinner;
  std::size_t winner_gini_reward_per_risk = kNoWinner;
  std::vector<std::size_t> winner_premium;  ///< one per adversary
  std::size_t winner_cost_per_depth = kNoWinner;
};

/// The comparison of the rules in `metrics` (empty rows when none scored the run).
RuleComparison compare_rules(const RunMetrics& metrics);

/// The index of the lowest finite value, or kNoWinner when there is none or it is not unique.
std::size_t lowest_finite(const std::vector<double>& values);

}  // namespace lmsim::analysis
