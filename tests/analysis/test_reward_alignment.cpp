// Rewards against useful liquidity and risk, computed by hand: the pure functions on small
// inputs, then the fixture run of run_fixture.hpp (whose arithmetic is shown beside each check).
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "analysis/reward_alignment.hpp"
#include "analysis/run_metrics.hpp"
#include "run_fixture.hpp"

using namespace lmsim::analysis;
using lmsim::analysis::test::kNaN;
using lmsim::analysis::test::make_fixture_run;

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

const RuleParticipantMetrics& find(const std::vector<RuleParticipantMetrics>& all,
                                   const std::string& name) {
  for (const RuleParticipantMetrics& participant : all) {
    if (participant.name == name) return participant;
  }
  FAIL("no participant " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("shares: the conventions", "[reward_alignment]") {
  CHECK(shares(std::vector<double>{1, 3}) == std::vector<double>{0.25, 0.75});
  const std::vector<double> none = shares(std::vector<double>{0, 0});
  CHECK((std::isnan(none[0]) && std::isnan(none[1])));  // nobody has it: says nothing
  const std::vector<double> partial = shares(std::vector<double>{2, kNaN, 6});
  CHECK(partial[0] == 0.25);
  CHECK(std::isnan(partial[1]));
  CHECK_THROWS_AS(shares(std::vector<double>{-1}), std::invalid_argument);
}

TEST_CASE("reward_alignment: shares, per-unit ratios, the gaming premium and their dispersion",
          "[reward_alignment]") {
  // Three participants; the third is the adversary. Useful liquidity: maker volume {2, 2, 0},
  // touch {1, 3, 0}, reference fill {1, 1, 2}; useful shares (½ + ¼ + ¼)/3 = ⅓,
  // (½ + ¾ + ¼)/3 = ½, (0 + 0 + ½)/3 = ⅙. Risk: only inventory is defined (adverse selection
  // is 0 for all, capital NaN): shares {½, ½, 0}.
  const std::vector<double> rewards{2, 4, 4};  // reward shares 0.2, 0.4, 0.4
  const std::vector<UsefulLiquidity> useful{{2, 1, 1}, {2, 3, 1}, {0, 0, 2}};
  const std::vector<RiskBorne> risk{{5, 0, kNaN}, {5, 0, kNaN}, {0, 0, kNaN}};
  const RewardAlignment result = reward_alignment(rewards, useful, risk, {true, true, false});
  REQUIRE(result.participants.size() == 3);
  const Alignment& a = result.participants[0];
  const Alignment& b = result.participants[1];
  const Alignment& c = result.participants[2];
  CHECK(a.useful_share == Approx(1.0 / 3.0));
  CHECK(b.useful_share == Approx(0.5));
  CHECK(c.useful_share == Approx(1.0 / 6.0));
  CHECK(a.reward_per_useful == Approx(0.6));  // 0.2 / ⅓
  CHECK(b.reward_per_useful == Approx(0.8));
  CHECK(c.reward_per_useful == Approx(2.4));
  CHECK(a.risk_share == Approx(0.5));
  CHECK(c.risk_share == 0.0);
  CHECK(c.reward_per_risk == kInfinity);  // paid, bearing none of the risk
  // Premiums against the honest median (0.6 + 0.8) / 2 = 0.7.
  const AlignmentDispersion& d = result.dispersion;
  CHECK(d.honest_median_reward_per_useful == Approx(0.7));
  CHECK(a.gaming_premium == Approx(6.0 / 7.0));
  CHECK(c.gaming_premium == Approx(24.0 / 7.0));
  CHECK(d.per_useful_population == 3);
  CHECK(d.paid_without_useful == 0);
  // Gini of {0.6, 0.8, 2.4}: Σ|xi − xj| = 2 (0.2 + 1.8 + 1.6) = 7.2; / (2 · 9 · 3.8/3) = 0.3158.
  CHECK(d.gini_reward_per_useful == Approx(7.2 / (2.0 * 9.0 * 3.8 / 3.0)));
  CHECK(d.jain_reward_per_useful == Approx(3.8 * 3.8 / (3.0 * (0.36 + 0.64 + 5.76))));
  CHECK(d.per_risk_population == 2);
  CHECK(d.paid_without_risk == 1);
  CHECK(d.jain_reward_per_risk == Approx(0.9));  // {0.4, 0.8}: 1.44 / (2 · 0.8)
}

TEST_CASE("reward_alignment: undefined where nothing is measured or nobody honest",
          "[reward_alignment]") {
  const std::vector<UsefulLiquidity> nothing{{0, 0, 0}, {0, 0, 0}};
  const std::vector<RiskBorne> none{{0, 0, 0}, {0, 0, 0}};
  const RewardAlignment result =
      reward_alignment(std::vector<double>{1, 0}, nothing, none, {false, false});
  CHECK(std::isnan(result.participants[0].useful_share));
  CHECK(std::isnan(result.participants[0].reward_per_useful));
  CHECK(std::isnan(result.participants[0].gaming_premium));
  CHECK(std::isnan(result.dispersion.honest_median_reward_per_useful));
  CHECK(std::isnan(result.dispersion.gini_reward_per_useful));  // an empty population
  CHECK_THROWS_AS(reward_alignment(std::vector<double>{1}, nothing, none, {true, true}),
                  std::invalid_argument);
}

TEST_CASE("useful_liquidity and capital_at_risk: the fixture run by hand", "[reward_alignment]") {
  const RunData run = make_fixture_run();
  const std::vector<std::size_t> a1{0};
  const std::vector<std::size_t> a2{1};
  const std::vector<std::size_t> b{2};
  const std::vector<std::size_t> e{0, 1};
  // Maker fills against others: a1 f0 (1) and f4 (1, taken by b); a2's f2 was taken by a1, of
  // its own entity: no liquidity for anyone else; b f1 (2).
  CHECK(useful_liquidity(run, a1).maker_volume == 2.0);
  CHECK(useful_liquidity(run, a2).maker_volume == 0.0);
  CHECK(useful_liquidity(run, b).maker_volume == 2.0);
  CHECK(useful_liquidity(run, e).maker_volume == 2.0);
  // Touch: a1 (1 + 1) + 1 over 4 snapshots; b 2 + 4.
  CHECK(useful_liquidity(run, a1).touch_size == Approx(0.75));
  CHECK(useful_liquidity(run, b).touch_size == Approx(1.5));
  CHECK(useful_liquidity(run, e).touch_size == Approx(1.0));
  // Reference fills: a1 (0.5 + 0.5) + 1 + 0.5 = 2.5 over 4; b 1 + 1 + 2.
  CHECK(useful_liquidity(run, a1).reference_fill == Approx(0.625));
  CHECK(useful_liquidity(run, b).reference_fill == Approx(1.0));
  // Capital: eligible size × mid at the three snapshots with a mid: a1 200, 100, 110.
  CHECK(capital_at_risk(run, a1) == Approx(410.0 / 3.0));
  CHECK(capital_at_risk(run, b) == Approx(840.0 / 3.0));  // 200, 200, 440
  CHECK(capital_at_risk(run, e) == Approx(520.0 / 3.0));  // 200, 100, 220
  CHECK(honest_accounts(run) == std::vector<bool>{true, true, false});
  // The yardstick is the time average, not what the snapshots saw: an account shown only
  // around the snapshots offers at the snapshots what an honest one does, and a fifth of it
  // over time.
  RunData timed = run;
  timed.miners[0].size_at_touch_average = 0.15;
  CHECK(useful_liquidity(timed, a1).touch_size == Approx(0.15));
  CHECK(useful_liquidity(timed, e).touch_size == Approx(0.4));
  RunData unmeasured = run;
  unmeasured.miners[1].reference_fill_average = kNaN;  // no market sample within the campaign
  CHECK(std::isnan(useful_liquidity(unmeasured, e).reference_fill));
  CHECK(useful_liquidity(unmeasured, a1).reference_fill == Approx(0.625));
}

TEST_CASE("compute_run_metrics: every rule measured against the same useful liquidity",
          "[reward_alignment]") {
  RunData run = make_fixture_run();
  RuleResults other;  // a further rule paying everything to a2
  other.name = "uniform";
  other.rule = "uniform";
  other.miners.resize(3);
  other.miners[1].reward_base_units = 1000;
  other.epochs = run.epochs;
  run.rules.push_back(other);
  const RunMetrics metrics = compute_run_metrics(run);
  const ParticipantMetrics& a1 = metrics.miners[0];
  CHECK(a1.useful.touch_size == Approx(0.75));
  CHECK(a1.risk.adverse_selection == 0.0);  // its one marked fill gained 1
  CHECK(a1.risk.capital_at_risk == Approx(410.0 / 3.0));
  CHECK(a1.honest);
  CHECK_FALSE(metrics.miners[2].honest);
  CHECK(metrics.entities[0].honest);  // E: a1 and a2

  REQUIRE(metrics.rules.size() == 2);
  const RuleMetrics& own = metrics.rules[0];
  CHECK(own.name == "hummingbot");
  CHECK(own.total_reward == Approx(10.0));
  // Accounts' useful shares: volume {½, 0, ½}, touch {0.3, 0.1, 0.6}, fill {5/14, 1/14, 8/14}.
  const double useful_a1 = (0.5 + 0.3 + 5.0 / 14.0) / 3.0;
  const double useful_a2 = (0.0 + 0.1 + 1.0 / 14.0) / 3.0;
  const double useful_b = (0.5 + 0.6 + 8.0 / 14.0) / 3.0;
  CHECK(find(own.miners, "a1").alignment.useful_share == Approx(useful_a1));
  CHECK(find(own.miners, "a1").alignment.reward_per_useful == Approx(0.3 / useful_a1));
  const double honest_median = (0.3 / useful_a1 + 0.1 / useful_a2) / 2.0;
  CHECK(own.account_fairness.alignment.honest_median_reward_per_useful == Approx(honest_median));
  CHECK(find(own.miners, "b").alignment.gaming_premium == Approx(0.6 / useful_b / honest_median));
  // Risk: inventory σ {√3200, √(200/9), √(5600/3)}; adverse selection 0 for all (undefined);
  // capital {410, 110, 840} / 3.
  const double inventory_a1 = std::sqrt(3200.0);
  const double inventory_total = inventory_a1 + std::sqrt(200.0 / 9.0) + std::sqrt(5600.0 / 3.0);
  const double risk_a1 = (inventory_a1 / inventory_total + 410.0 / 1360.0) / 2.0;
  CHECK(find(own.miners, "a1").alignment.risk_share == Approx(risk_a1));
  CHECK(find(own.miners, "a1").alignment.reward_per_risk == Approx(0.3 / risk_a1));
  // Entities: E's useful share (½ + 0.4 + 3/7) / 3, reward share 0.4.
  const double useful_e = (0.5 + 0.4 + 3.0 / 7.0) / 3.0;
  CHECK(find(own.entities, "E").alignment.reward_per_useful == Approx(0.4 / useful_e));
  CHECK(own.entity_fairness.gini == Approx(0.1));

  const RuleMetrics& uniform = metrics.rules[1];
  CHECK(uniform.name == "uniform");
  CHECK(uniform.total_reward == Approx(10.0));
  CHECK(find(uniform.miners, "a2").alignment.reward_share == 1.0);
  CHECK(find(uniform.miners, "a2").alignment.reward_per_useful == Approx(1.0 / useful_a2));
  CHECK(find(uniform.miners, "b").alignment.reward_per_useful == 0.0);
  CHECK(find(uniform.entities, "E").reward == Approx(10.0));
  CHECK(uniform.account_fairness.gini == Approx(2.0 / 3.0));  // {0, 10, 0}
}
