#include <cmath>

#include <catch2/catch.hpp>

#include "support/scoring_fixtures.hpp"

using namespace lmsim;
using namespace lmsim::test;

TEST_CASE("Campaign: slots cover the epochs half-open and are numbered across epochs",
          "[campaign]") {
  const Campaign campaign = make_campaign(1000, 10, 3);
  CHECK(campaign.slots_per_epoch() == 10);
  CHECK(campaign.total_slots() == 30);
  CHECK(campaign.slot_at(0) == 0);
  CHECK(campaign.slot_at(engine::kNanosPerMinute - 1) == 0);
  CHECK(campaign.slot_at(engine::kNanosPerMinute) == 1);
  CHECK(campaign.slot_at(campaign.end() - 1) == 29);
  CHECK_FALSE(campaign.slot_at(campaign.end()));
  CHECK_FALSE(campaign.slot_at(-1));
  CHECK(campaign.epoch_of_slot(19) == 1);
  CHECK(campaign.market_index("TKN-USD") == 0u);
  CHECK_FALSE(campaign.market_index("BTC-USD"));
}

TEST_CASE("validate: rejects each out-of-range field", "[campaign]") {
  const auto rejects = [](auto mutate) {
    Campaign campaign = make_campaign(1000, 10);
    mutate(campaign);
    return [campaign] { engine::validate(campaign); };
  };
  CHECK_NOTHROW(rejects([](Campaign&) {})());
  const auto with_rule = [](auto change) {
    return [change](Campaign& c) {
      engine::HummingbotParams params;
      change(params);
      c.rule = engine::hummingbot_rule(params);
    };
  };
  CHECK_THROWS_WITH(rejects(with_rule([](engine::HummingbotParams& p) { p.max_spread = 0; }))(),
                    "campaign: max_spread must be in (0, 1] (got 0)");
  CHECK_THROWS_WITH(
      rejects(with_rule([](engine::HummingbotParams& p) { p.max_spread = INFINITY; }))(),
      "campaign: max_spread must be a finite number (got inf)");
  CHECK_THROWS_WITH(rejects(with_rule([](engine::HummingbotParams& p) { p.bid_share = 1.5; }))(),
                    "campaign: bid_share must be in [0, 1] (got 1.5)");
  CHECK_THROWS_WITH(rejects([](Campaign& c) { c.epoch_length += 1; })(),
                    "campaign: epoch_length must be a whole multiple of snapshot_interval");
  CHECK_THROWS_WITH(rejects([](Campaign& c) { c.markets.push_back(c.markets[0]); })(),
                    "campaign: market 'TKN-USD' is listed twice");
  CHECK_THROWS_WITH(rejects([](Campaign& c) { c.markets[0].budget_per_epoch = -1; })(),
                    "campaign: market budgets must be >= 0");
  CHECK_THROWS_WITH(rejects(with_rule([](engine::HummingbotParams& p) { p.max_order_age = 0; }))(),
                    "campaign: max_order_age must be > 0s (got \"0s\")");
}
