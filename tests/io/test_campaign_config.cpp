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
  CHECK(error_of(replaced("rule = \"hummingbot\"", "rule = \"dydy\"")) ==
        "c.toml:9:8: campaign.rule: unknown rule \"dydy\" (expected \"hummingbot\", \"dydx\", "
        "\"polymarket\", \"size_only\" or \"uniform\"; did you mean \"dydx\"?)");
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

namespace {

// A campaign of another rule: kValid's lines 1–8, then the rule and its table.
std::string with_rule(const std::string& rule_lines) {
  std::string text = kValid;
  const auto from = text.find("rule = ");
  const auto to = text.find("[[campaign.markets]]");
  return text.replace(from, to - from, rule_lines + "\n");
}

}  // namespace

TEST_CASE("campaign config: each rule's keys in its own table, defaults where absent",
          "[campaign_config]") {
  const engine::Campaign dydx = read(with_rule(R"(rule = "dydx"

[campaign.dydx]
min_depth = 5000
max_spread = 20.0
version = "dip11"
uptime_exponent = 4
)"));
  CHECK(dydx.scoring_rule().name() == "dydx");
  CHECK(param(dydx, "min_depth") == engine::ParamValue{5000.0});
  CHECK(param(dydx, "max_spread") == engine::ParamValue{20.0});
  CHECK(param(dydx, "version") == engine::ParamValue{std::string("dip11")});
  CHECK(param(dydx, "uptime_exponent") == engine::ParamValue{4.0});
  CHECK(param(dydx, "stake_exponent") == engine::ParamValue{std::string()});  // the version's

  const engine::Campaign polymarket = read(with_rule("rule = \"polymarket\""));
  CHECK(param(polymarket, "multiplier") == engine::ParamValue{1.0});
  CHECK(param(polymarket, "single_sided_divisor") == engine::ParamValue{3.0});
  CHECK(param(polymarket, "mid_band") == engine::ParamValue{std::vector<double>{0.1, 0.9}});
  for (const char* rule : {"size_only", "uniform"}) {
    const engine::Campaign control = read(with_rule(
        "rule = \"" + std::string(rule) + "\"\n\n[campaign." + rule + "]\nmax_spread = 0.02"));
    CHECK(control.scoring_rule().name() == rule);
    CHECK(param(control, "max_spread") == engine::ParamValue{0.02});
  }
}

TEST_CASE("campaign config: bad rule input names file, line, column and key", "[campaign_config]") {
  // A parameter of another rule, in [campaign] or in a rule's table.
  CHECK(error_of(with_rule("rule = \"dydx\"\nmin_depth = 5")) ==
        "c.toml:10:13: campaign.min_depth: is a key of rule \"dydx\", read from [campaign.dydx]");
  CHECK(error_of(with_rule("rule = \"dydx\"\nspread_factor = 2.0")) ==
        "c.toml:10:17: campaign.spread_factor: is a key of rule \"hummingbot\", not of the "
        "campaign's rule \"dydx\"");
  CHECK(error_of(with_rule("rule = \"dydx\"\n[campaign.dydx]\nmulitplier = 2\nmultiplier = 2")) ==
        "c.toml:12:14: campaign.dydx.multiplier: is a key of rule \"polymarket\", not of rule "
        "\"dydx\"");
  CHECK(error_of(with_rule("rule = \"dydx\"\n[campaign.dydx]\nmin_dept = 2")) ==
        "c.toml:11:1: campaign.dydx.min_dept: unknown key (did you mean 'min_depth'?)");
  CHECK(error_of(replaced("min_order_amount = 0.0",
                          "min_order_amount = 0.0\n[campaign.dydx]\n"
                          "min_depth = 1")) ==
        "c.toml:14:1: campaign.dydx: holds the parameters of rule \"dydx\", but the campaign's "
        "rule is \"hummingbot\" (to score with \"dydx\" too, give them in a "
        "[[campaign.also_score]] table with rule = \"dydx\")");
  // Out of range: negative exponents, MinDepth < 0, c ≤ 0, a malformed mid band.
  const auto dydx = [](const std::string& line) {
    return error_of(with_rule("rule = \"dydx\"\n[campaign.dydx]\n" + line));
  };
  CHECK(dydx("uptime_exponent = -5") ==
        "c.toml:11:19: campaign.dydx.uptime_exponent: must be in [0, 100] (got -5)");
  CHECK(dydx("maker_volume_exponent = -0.45") ==
        "c.toml:11:25: campaign.dydx.maker_volume_exponent: must be in [0, 100] (got -0.45)");
  CHECK(dydx("min_depth = -1") == "c.toml:11:13: campaign.dydx.min_depth: must be >= 0 (got -1)");
  CHECK(dydx("max_spread = 0") == "c.toml:11:14: campaign.dydx.max_spread: must be > 0 (got 0)");
  CHECK(dydx("version = \"dip12\"") ==
        "c.toml:11:11: campaign.dydx.version: expected \"launch\", \"jan2022\", \"dip11\", "
        "\"dip15\" or \"dip19\" (got \"dip12\")");
  const auto polymarket = [](const std::string& line) {
    return error_of(with_rule("rule = \"polymarket\"\n[campaign.polymarket]\n" + line));
  };
  CHECK(polymarket("single_sided_divisor = 0") ==
        "c.toml:11:24: campaign.polymarket.single_sided_divisor: must be >= 1 (got 0)");
  CHECK(polymarket("single_sided_divisor = -3") ==
        "c.toml:11:24: campaign.polymarket.single_sided_divisor: must be >= 1 (got -3)");
  CHECK(polymarket("mid_band = [0.9, 0.1]") ==
        "c.toml:11:12: campaign.polymarket.mid_band: must be two numbers [low, high] with low <= "
        "high (got [0.9, 0.1])");
  CHECK(polymarket("multiplier = nan") ==
        "c.toml:11:14: campaign.polymarket.multiplier: must be a finite number (got nan)");
}

TEST_CASE("campaign config: also_score tables name further rules with their keys",
          "[campaign_config]") {
  const std::string extra = R"(
[[campaign.also_score]]
rule = "dydx"
min_depth = 100

[[campaign.also_score]]
rule = "dydx"
name = "dydx_dip11"
version = "dip11"

[[campaign.also_score]]
rule = "hummingbot"
name = "hummingbot_k8"
max_spread = 0.02
spread_factor = 8.0
)";
  const CampaignConfig config =
      campaign_config_from_toml(parse_toml(kValid + extra, "c.toml"), "c.toml");
  REQUIRE(config.also_score.size() == 3);
  CHECK(config.also_score[0].name == "dydx");
  CHECK(config.also_score[0].rule->params().get("min_depth") == engine::ParamValue{100.0});
  CHECK(config.also_score[1].name == "dydx_dip11");
  CHECK(config.also_score[1].rule->params().get("version") ==
        engine::ParamValue{std::string("dip11")});
  CHECK(config.also_score[2].rule->params().get("spread_factor") == engine::ParamValue{8.0});
  CHECK(config.campaign.scoring_rule().name() == "hummingbot");
  // The file campaign_to_toml writes reads back as the same rules.
  const std::string text = campaign_to_toml(config.campaign, config.also_score);
  const CampaignConfig again = campaign_config_from_toml(parse_toml(text, "t.toml"), "t.toml");
  REQUIRE(again.also_score.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(again.also_score[i].name == config.also_score[i].name);
    for (const engine::ParamInfo& info : config.also_score[i].rule->params().infos()) {
      CHECK(again.also_score[i].rule->params().get(info.key) ==
            config.also_score[i].rule->params().get(info.key));
    }
  }

  const auto error_with = [](const std::string& table) {
    return error_of(kValid + "\n[[campaign.also_score]]\n" + table);
  };
  CHECK(error_with("rule = \"dydy\"") ==
        "c.toml:20:8: campaign.also_score[0].rule: unknown rule \"dydy\" (expected "
        "\"hummingbot\", \"dydx\", \"polymarket\", \"size_only\" or \"uniform\"; did you "
        "mean \"dydx\"?)");
  CHECK(error_with("rule = \"hummingbot\"\nmax_spread = 0.02") ==
        "c.toml:20:8: campaign.also_score[0].rule: \"hummingbot\" is the campaign's own rule: "
        "give this entry another name (name = \"...\")");
  CHECK(error_with("rule = \"dydx\"\nname = \"a/b\"") ==
        "c.toml:21:8: campaign.also_score[0].name: must be 1 to 64 letters, digits, '_', '-' or "
        "'.' (got \"a/b\")");
  CHECK(error_with("rule = \"dydx\"\n[[campaign.also_score]]\nrule = \"dydx\"") ==
        "c.toml:22:8: campaign.also_score[1].rule: a rule named \"dydx\" scores the run already: "
        "give this entry another name (name = \"...\")");
  CHECK(error_with("rule = \"uniform\"\nspread_factor = 2") ==
        "c.toml:21:17: campaign.also_score[0].spread_factor: is a key of rule \"hummingbot\", "
        "not of rule \"uniform\"");
  CHECK(error_with("rule = \"dydx\"\nuptime_exponent = -1") ==
        "c.toml:21:19: campaign.also_score[0].uptime_exponent: must be in [0, 100] (got -1)");
}

TEST_CASE("campaign config: a rule asked for by name is read from its table or its defaults",
          "[campaign_config]") {
  const std::string text =
      replaced("min_order_amount = 0.0", "min_order_amount = 0.0\n[campaign.dydx]\nmin_depth = 7");
  const CampaignConfig config =
      campaign_config_from_toml(parse_toml(text, "c.toml"), "c.toml", {"dydx", "uniform"});
  REQUIRE(config.requested.size() == 2);
  CHECK(config.requested[0]->params().get("min_depth") == engine::ParamValue{7.0});
  CHECK(config.requested[1]->name() == "uniform");
  CHECK(config.campaign.scoring_rule().name() == "hummingbot");
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

TEST_CASE("campaign config: snapshot timing is random unless a fixed offset is asked for",
          "[campaign_config]") {
  CHECK(read(kValid).snapshot_timing == engine::SnapshotTiming::kRandom);
  const engine::Campaign middle =
      read(replaced("snapshot_interval = \"60s\"",
                    "snapshot_interval = \"60s\"\nsnapshot_timing = \"fixed_offset\""));
  CHECK(middle.snapshot_timing == engine::SnapshotTiming::kFixedOffset);
  CHECK(middle.snapshot_offset == 30 * engine::kNanosPerSecond);  // half the interval
  const engine::Campaign late = read(replaced("snapshot_interval = \"60s\"",
                                              "snapshot_interval = \"60s\"\nsnapshot_timing = "
                                              "\"fixed_offset\"\nsnapshot_offset = \"45s\""));
  CHECK(late.snapshot_offset == 45 * engine::kNanosPerSecond);
  // The campaign file written for `lmsim score` says the same.
  const std::string text = campaign_to_toml(late);
  CHECK(text.find("snapshot_timing = \"fixed_offset\"\nsnapshot_offset = \"45s\"\n") !=
        std::string::npos);
  const engine::Campaign again = read(text);
  CHECK(again.snapshot_timing == engine::SnapshotTiming::kFixedOffset);
  CHECK(again.snapshot_offset == late.snapshot_offset);
  CHECK(campaign_to_toml(read(kValid)).find("snapshot_timing") == std::string::npos);
}

TEST_CASE("campaign config: a bad snapshot timing names its key", "[campaign_config]") {
  CHECK(error_of(replaced("snapshot_interval = \"60s\"",
                          "snapshot_interval = \"60s\"\nsnapshot_timing = \"fixed\"")) ==
        "c.toml:9:19: campaign.snapshot_timing: must be \"random\" or \"fixed_offset\" (got "
        "\"fixed\")");
  CHECK(error_of(replaced("snapshot_interval = \"60s\"",
                          "snapshot_interval = \"60s\"\nsnapshot_offset = \"10s\"")) ==
        "c.toml:9:19: campaign.snapshot_offset: only applies with snapshot_timing = "
        "\"fixed_offset\" (snapshots are random instants otherwise)");
  CHECK(error_of(replaced("snapshot_interval = \"60s\"",
                          "snapshot_interval = \"60s\"\nsnapshot_timing = \"fixed_offset\"\n"
                          "snapshot_offset = \"60s\"")) ==
        "c.toml:10:19: campaign.snapshot_offset: must be shorter than snapshot_interval "
        "(\"1m\") (got \"1m\")");
}
