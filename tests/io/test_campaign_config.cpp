#include <catch2/catch.hpp>

#include "sim/io/campaign_config.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim;
using namespace lmsim::sim;
using namespace lmsim::sim::io;

namespace {

// A valid campaign; each error test replaces one line of it.
const std::string kValid = R"([campaign]
name = "ETH-USDT example"
reward_token = "ETH"
reward_decimals = 9
epoch_start = 2020-02-04T00:00:00Z
epoch_length = "7d"
epochs = 1
snapshot_interval = "60s"
rule = "hummingbot"
max_spread = 0.01
spread_factor = 2.0
bid_share = 0.5
min_order_amount = 0.0

[[campaign.markets]]
pair = "ETH-USDT"
budget = 20.0
)";

engine::Campaign read(const std::string& text) {
  return campaign_from_toml(parse_toml(text, "c.toml"), "c.toml");
}

/// The value of one of the campaign rule's keys.
engine::ParamValue param(const engine::Campaign& campaign, std::string_view key) {
  return campaign.scoring_rule().params().get(key);
}

std::string replaced(const std::string& from, const std::string& to) {
  std::string text = kValid;
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string error_of(const std::string& text) {
  try {
    read(text);
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("campaign config: reads every key of the documented example", "[campaign_config]") {
  const engine::Campaign campaign = read(kValid);
  CHECK(campaign.name == "ETH-USDT example");
  CHECK(campaign.reward_token == "ETH");
  CHECK(campaign.reward_decimals == 9);
  CHECK(campaign.epoch_start == 1'580'774'400 * engine::kNanosPerSecond);
  CHECK(campaign.epoch_length == 7 * engine::kNanosPerDay);
  CHECK(campaign.slots_per_epoch() == 10'080);
  CHECK(campaign.scoring_rule().name() == "hummingbot");
  CHECK(param(campaign, "max_spread") == engine::ParamValue{0.01});
  CHECK(param(campaign, "spread_factor") == engine::ParamValue{2.0});
  CHECK(param(campaign, "bid_share") == engine::ParamValue{0.5});
  CHECK(param(campaign, "max_order_age") == engine::ParamValue{std::string()});  // unset
  REQUIRE(campaign.markets.size() == 1);
  CHECK(campaign.markets[0].pair == "ETH-USDT");
  CHECK(campaign.markets[0].budget_per_epoch == 20'000'000'000);
}

TEST_CASE("campaign config: documented defaults", "[campaign_config]") {
  const engine::Campaign campaign = read(R"([campaign]
reward_token = "X"
reward_decimals = 0
epoch_start = 2020-01-01T00:00:00Z
epoch_length = "1h"
max_spread = 0.02
max_order_age = "30m"
[[campaign.markets]]
pair = "A-B"
budget = 60
)");
  CHECK(campaign.snapshot_interval == engine::kNanosPerMinute);
  CHECK(campaign.epochs == 1);
  CHECK(param(campaign, "spread_factor") == engine::ParamValue{2.0});
  CHECK(param(campaign, "bid_share") == engine::ParamValue{0.5});
  CHECK(param(campaign, "min_order_amount") == engine::ParamValue{0.0});
  CHECK(param(campaign, "max_order_age") ==
        engine::ParamValue{engine::Duration{30 * engine::kNanosPerMinute}});
  CHECK(campaign.scoring_rule().name() == "hummingbot");
}

TEST_CASE("campaign config: each malformed input names file, line, column and key",
          "[campaign_config]") {
  CHECK(error_of(replaced("max_spread = 0.01", "max_spread = -0.01")) ==
        "c.toml:10:14: campaign.max_spread: must be in (0, 1] (got -0.01)");
  CHECK(error_of(replaced("max_spread = 0.01", "max_spread = 0")) ==
        "c.toml:10:14: campaign.max_spread: must be in (0, 1] (got 0)");
  CHECK(error_of(replaced("max_spread = 0.01", "max_spread = 1.5")) ==
        "c.toml:10:14: campaign.max_spread: must be in (0, 1] (got 1.5)");
  CHECK(error_of(replaced("max_spread = 0.01", "max_spread = inf")) ==
        "c.toml:10:14: campaign.max_spread: must be a finite number (got inf)");
  CHECK(error_of(replaced("spread_factor = 2.0", "spread_factor = inf")) ==
        "c.toml:11:17: campaign.spread_factor: must be a finite number (got inf)");
  CHECK(error_of(replaced("min_order_amount = 0.0", "min_order_amount = inf")) ==
        "c.toml:13:20: campaign.min_order_amount: must be a finite number (got inf)");
  CHECK(error_of(replaced("bid_share = 0.5", "bid_share = 1.5")) ==
        "c.toml:12:13: campaign.bid_share: must be in [0, 1] (got 1.5)");
  CHECK(error_of(replaced("max_spread = 0.01", "max_sprad = 0.01")) ==
        "c.toml:10:1: campaign.max_sprad: unknown key (did you mean 'max_spread'?)");
  CHECK(error_of(replaced("max_spread = 0.01", "max_spread = \"1%\"")) ==
        "c.toml:10:14: campaign.max_spread: expected a number (got a string)");
  CHECK(error_of(replaced("max_spread = 0.01\n", "")) ==
        "c.toml:1:1: campaign.max_spread: missing required key");
  CHECK(error_of(replaced("epochs = 1", "epochs = 0")) ==
        "c.toml:7:10: campaign.epochs: must be in [1, 1000000] (got 0)");
  CHECK(error_of(replaced("\"7d\"", "\"7 days\"")) ==
        "c.toml:6:16: campaign.epoch_length: expected a duration such as \"250ms\", \"60s\", "
        "\"30m\", \"7d\" (got \"7 days\")");
  CHECK(error_of(replaced("snapshot_interval = \"60s\"", "snapshot_interval = \"11s\"")) ==
        "c.toml:6:16: campaign.epoch_length: must be a whole multiple of snapshot_interval "
        "(\"11s\") (got \"7d\")");
  CHECK(error_of(replaced("2020-02-04T00:00:00Z", "2020-02-04T00:00:00")) ==
        "c.toml:5:15: campaign.epoch_start: expected a UTC date-time such as "
        "2020-02-04T00:00:00Z (got a local date-time without Z or offset)");
  CHECK(error_of(replaced("rule = \"hummingbot\"", "rule = \"dydx\"")) ==
        "c.toml:9:8: campaign.rule: unknown rule \"dydx\" (expected \"hummingbot\")");
  CHECK(error_of(replaced("reward_decimals = 9", "reward_decimals = 19")) ==
        "c.toml:4:19: campaign.reward_decimals: must be in [0, 18] (got 19)");
  CHECK(error_of(replaced("budget = 20.0", "budget = 20.0000000001")) ==
        "c.toml:17:10: campaign.markets[0].budget: has more fractional digits than "
        "reward_decimals = 9 (got 20.0000000001)");
  CHECK(error_of(replaced("budget = 20.0", "budget = 20000000000.0")) ==
        "c.toml:17:10: campaign.markets[0].budget: too large for reward_decimals = 9: budget x "
        "10^decimals must fit in int64 (got 20000000000)");
  CHECK(error_of(replaced("budget = 20.0", "budget = -1")) ==
        "c.toml:17:10: campaign.markets[0].budget: must be >= 0 (got -1)");
  CHECK(error_of(replaced("pair = \"ETH-USDT\"", "pair = \"ETH-USDT\"\ncolour = 1")) ==
        "c.toml:17:1: campaign.markets[0].colour: unknown key (allowed here: pair budget)");
  CHECK(error_of(kValid + "\n[[campaign.markets]]\npair = \"ETH-USDT\"\nbudget = 1\n") ==
        "c.toml:20:8: campaign.markets[1].pair: market \"ETH-USDT\" is listed twice");
  CHECK(error_of(replaced("[[campaign.markets]]\npair = \"ETH-USDT\"\nbudget = 20.0\n", "")) ==
        "c.toml:1:1: campaign.markets: at least one [[campaign.markets]] table is needed");
  CHECK(error_of(replaced("[campaign]", "[campaing]")) ==
        "c.toml:1:2: campaing: unknown key (did you mean 'campaign'?)");
  CHECK(error_of("") == "c.toml: campaign: missing required key");
  CHECK(error_of(replaced("epochs = 1", "epochs = ")).rfind("c.toml:7:10: invalid TOML: ", 0) == 0);
}

TEST_CASE("campaign config: a missing file is an input error", "[campaign_config]") {
  CHECK_THROWS_WITH(load_campaign_file("/nonexistent/c.toml"),
                    "/nonexistent/c.toml: cannot open file");
  test::TempDir dir;
  const auto path = dir.write("c.toml", kValid);
  CHECK(load_campaign_file(path).name == "ETH-USDT example");
}

TEST_CASE("campaign config: a campaign starting long before 1970 is checked without overflow",
          "[campaign_config][reliability]") {
  // Found by fuzzing: the room left after a negative start overflowed int64.
  const std::string early =
      replaced("epoch_start = 2020-02-04T00:00:00Z", "epoch_start = 1700-01-01T00:00:00Z");
  CHECK(read(early).epoch_start < 0);
  std::string late =
      replaced("epoch_start = 2020-02-04T00:00:00Z", "epoch_start = 1700-01-01T00:00:00Z");
  late.replace(late.find("epochs = 1"), 10, "epochs = 100000");
  CHECK(error_of(late) ==
        "c.toml:7:10: campaign.epochs: the campaign would end after the year 2262");
}
