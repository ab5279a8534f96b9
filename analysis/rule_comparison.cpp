#include "analysis/rule_comparison.hpp"
#include "engine/not_a_number.hpp"

#include <cmath>

namespace lmsim::analysis {

namespace {

constexpr std::size_t kOnePercentBand = 1;  // kDepthBands: ±0.5%, ±1%, ±2%

template <typename Pick>
std::size_t winner(const std::vector<RuleComparisonRow>& rows, Pick pick) {
  std::vector<double> values;
  values.reserve(rows.size());
  for (const RuleComparisonRow& row : rows) values.push_back(pick(row));
  return lowest_finite(values);
}

}  // namespace

std::size_t lowest_finite(const std::vector<double>& values) {
  std::size_t best = kNoWinner;
  bool shared = false;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) continue;
    if (best == kNoWinner || values[i] < values[best]) {
      best = i;
      shared = false;
    } else if (values[i] == values[best]) {
      shared = true;
    }
  }
  return shared ? kNoWinner : best;
}

RuleComparison compare_rules(const RunMetrics& metrics) {
  RuleComparison comparison;
  if (metrics.rules.empty()) return comparison;
  // Honesty is the participants' own, the same under every rule.
  std::vector<std::size_t> adversary_index;
  const std::vector<RuleParticipantMetrics>& entities = metrics.rules.front().entities;
  for (std::size_t i = 0; i < entities.size(); ++i) {
    if (!entities[i].alignment.honest) {
      comparison.adversaries.push_back(entities[i].name);
      adversary_index.push_back(i);
    }
  }
  const SponsorEconomics& sponsor = metrics.sponsor;
  const double depth = sponsor.added_depth[kOnePercentBand];
  for (const RuleMetrics& rule : metrics.rules) {
    RuleComparisonRow row;
    row.name = rule.name;
    row.rule = rule.rule;
    row.paid = rule.total_reward;
    row.gini_rewards = rule.entity_fairness.gini;
    row.gini_reward_per_useful = rule.entity_fairness.alignment.gini_reward_per_useful;
    row.gini_reward_per_risk = rule.entity_fairness.alignment.gini_reward_per_risk;
    for (const std::size_t i : adversary_index) {
      row.premiums.push_back(i < rule.entities.size() ? rule.entities[i].alignment.gaming_premium
                                                      : kNaN);
    }
    const double per_day = sponsor.days > 0.0 ? rule.total_reward / sponsor.days : kNaN;
    row.cost_per_depth = std::isfinite(depth) && depth > 0.0 ? per_day / depth : kNaN;
    comparison.rows.push_back(std::move(row));
  }
  const auto& rows = comparison.rows;
  comparison.winner_gini_rewards = winner(rows, [](const auto& r) { return r.gini_rewards; });
  comparison.winner_gini_reward_per_useful =
      winner(rows, [](const auto& r) { return r.gini_reward_per_useful; });
  comparison.winner_gini_reward_per_risk =
      winner(rows, [](const auto& r) { return r.gini_reward_per_risk; });
  for (std::size_t a = 0; a < comparison.adversaries.size(); ++a) {
    comparison.winner_premium.push_back(winner(rows, [a](const auto& r) { return r.premiums[a]; }));
  }
  comparison.winner_cost_per_depth = winner(rows, [](const auto& r) { return r.cost_per_depth; });
  return comparison;
}

}  // namespace lmsim::analysis
