// scenarios/gaming_study.toml end to end (run_scenario: the run, then its metrics from memory):
// the claims docs/gaming.md makes of it, at two seeds, on runs shortened to half an hour.
#include <catch2/catch.hpp>

#include "sim/app/run_scenario.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim;
using namespace lmsim::sim;

namespace {

const std::vector<std::string> kShort{"sim.duration=\"32m\"", "campaign.epoch_length=\"30m\""};

app::RunOutcome run(std::vector<std::string> overrides) {
  overrides.insert(overrides.begin(), kShort.begin(), kShort.end());
  const Scenario scenario =
      io::load_scenario(test::source_path("scenarios/gaming_study.toml"), overrides);
  const test::TempDir out;
  app::RunRequest request;
  request.out_dir = out.path() / "run";
  request.baseline = false;
  return app::run_scenario(scenario, request);
}

const analysis::RuleParticipantMetrics& entity(const analysis::RuleMetrics& rule,
                                               const std::string& name) {
  for (const auto& participant : rule.entities) {
    if (participant.name == name) return participant;
  }
  FAIL("no entity " << name << " under rule " << rule.name);
  throw std::logic_error("unreachable");
}

const analysis::RuleMetrics& rule(const app::RunOutcome& outcome, const std::string& name) {
  for (const auto& metrics : outcome.metrics.rules) {
    if (metrics.name == name) return metrics;
  }
  FAIL("no rule " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE(
    "Gaming study: the snapshot gamer's premium is lower under random snapshots than under "
    "fixed-offset ones",
    "[gaming]") {
  // The gamer shows its orders a fifth of every minute, centred where a fixed-offset campaign
  // takes its snapshots: it is paid at every fixed snapshot but at about a fifth of the random
  // ones. Its useful liquidity grows less than its pay: its fills do not depend on when the
  // snapshots fall, though its size at the touch and in the reference walks, sampled at the
  // snapshots, is fooled by the same trick — which is why its premium grows far less than its
  // reward (docs/gaming.md). The flicker quotes all the time: its premium moves only with the
  // others', one way or the other depending on the seed, so the claim is not made of it.
  for (const std::string seed : {"sim.seed=11", "sim.seed=12"}) {
    CAPTURE(seed);
    const app::RunOutcome random = run({seed});
    const app::RunOutcome fixed = run({seed, "campaign.snapshot_timing=\"fixed_offset\""});
    // dYdX's rule pays none of the adversaries (min(Q_bid, Q_ask) with its depth floor).
    for (const std::string name : {"hummingbot", "polymarket", "size_only", "uniform"}) {
      CAPTURE(name);
      const double premium_random = entity(rule(random, name), "gamer").alignment.gaming_premium;
      const double premium_fixed = entity(rule(fixed, name), "gamer").alignment.gaming_premium;
      CHECK(std::isfinite(premium_random));
      CHECK(std::isfinite(premium_fixed));
      CHECK(premium_random < premium_fixed);
    }
    // Paid, under Hummingbot's rule, for most fixed snapshots and a minority of random ones.
    CHECK(entity(rule(fixed, "hummingbot"), "gamer").reward >
          2.0 * entity(rule(random, "hummingbot"), "gamer").reward);
  }
}

TEST_CASE(
    "Gaming study: a Sybil's accounts earn what one account of their total size earns "
    "under Hummingbot's rule",
    "[gaming]") {
  // The Sybil is four whales of 5 ETH a side; the single account one whale of 20, with the
  // four accounts' balances. Hummingbot's rule weighs size linearly, so splitting gains
  // nothing; the difference is the apportionment's rounding (under a base unit per account and
  // side per snapshot).
  for (const std::string seed : {"sim.seed=11", "sim.seed=12"}) {
    CAPTURE(seed);
    const app::RunOutcome split = run({seed});
    const app::RunOutcome single =
        run({seed, "miners[6].count=1", "miners[6].order_amount=20.0",
             "miners[6].base_balance=40.0", "miners[6].quote_balance=100000.0"});
    const double sybil = entity(rule(split, "hummingbot"), "sybil").reward;
    const double one = entity(rule(single, "hummingbot"), "sybil").reward;
    CHECK(sybil > 0.0);
    const double rounding = 2.0 * 4.0 * 30.0 * 1e-6;  // base units of 1e-6 USDT
    CHECK(std::abs(sybil - one) <= rounding);
  }
}
