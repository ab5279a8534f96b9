#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "analysis/rule_comparison.hpp"

using namespace lmsim::analysis;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

RuleParticipantMetrics participant(const std::string& name, bool honest, double premium) {
  RuleParticipantMetrics metrics;
  metrics.name = name;
  metrics.alignment.honest = honest;
  metrics.alignment.gaming_premium = premium;
  return metrics;
}

RuleMetrics rule(const std::string& name, double paid, double gini, double per_useful,
                 double per_risk, double gamer, double whale) {
  RuleMetrics metrics;
  metrics.name = name;
  metrics.rule = name == "hb_k8" ? "hummingbot" : name;
  metrics.total_reward = paid;
  metrics.entity_fairness.gini = gini;
  metrics.entity_fairness.alignment.gini_reward_per_useful = per_useful;
  metrics.entity_fairness.alignment.gini_reward_per_risk = per_risk;
  metrics.entities = {participant("gamer", false, gamer), participant("honest", true, 1.0),
                      participant("whale", false, whale)};
  return metrics;
}

}  // namespace

TEST_CASE(
    "compare_rules: one row per rule, the adversaries' premiums, the lowest finite value "
    "of each column wins unless shared",
    "[rule_comparison]") {
  RunMetrics metrics;
  metrics.sponsor.days = 0.5;
  metrics.sponsor.added_depth = {4.0, 10.0, 20.0};
  metrics.rules = {rule("hummingbot", 100.0, 0.4, 0.3, kNaN, 3.0, kInf),
                   rule("dydx", 80.0, 0.6, 0.2, 0.5, 0.5, 2.0),
                   rule("hb_k8", 100.0, 0.4, 0.7, 0.4, kNaN, 1.5)};
  const RuleComparison comparison = compare_rules(metrics);
  CHECK(comparison.adversaries == std::vector<std::string>{"gamer", "whale"});
  REQUIRE(comparison.rows.size() == 3);
  CHECK(comparison.rows[2].name == "hb_k8");
  CHECK(comparison.rows[2].rule == "hummingbot");
  CHECK(comparison.rows[1].premiums == std::vector<double>{0.5, 2.0});
  // 80 tokens over half a day, for 10 units of depth within ±1%: 16 per day per unit.
  CHECK(comparison.rows[1].cost_per_depth == Approx(16.0));
  CHECK(comparison.rows[0].cost_per_depth == Approx(20.0));
  CHECK(comparison.winner_gini_rewards == kNoWinner);  // 0.4 twice: no winner
  CHECK(comparison.winner_gini_reward_per_useful == 1);
  CHECK(comparison.winner_gini_reward_per_risk == 2);                  // NaN never wins
  CHECK(comparison.winner_premium == std::vector<std::size_t>{1, 2});  // +∞ never wins
  CHECK(comparison.winner_cost_per_depth == 1);
}

TEST_CASE("compare_rules: no depth added, no cost; no adversary, no premium", "[rule_comparison]") {
  RunMetrics metrics;
  metrics.sponsor.days = 1.0;
  metrics.sponsor.added_depth = {0.0, -1.0, 0.0};
  RuleMetrics only = rule("uniform", 10.0, 0.0, 0.0, 0.0, 1.0, 1.0);
  for (auto& entity : only.entities) entity.alignment.honest = true;
  metrics.rules = {only};
  const RuleComparison comparison = compare_rules(metrics);
  CHECK(comparison.adversaries.empty());
  REQUIRE(comparison.rows.size() == 1);
  CHECK(std::isnan(comparison.rows[0].cost_per_depth));
  CHECK(comparison.winner_cost_per_depth == kNoWinner);
  CHECK(compare_rules(RunMetrics{}).rows.empty());
  CHECK(lowest_finite({kNaN, kInf}) == kNoWinner);
  CHECK(lowest_finite({2.0, -1.0, -1.0}) == kNoWinner);
  CHECK(lowest_finite({2.0, -1.0, 3.0, kNaN}) == 1);
}
