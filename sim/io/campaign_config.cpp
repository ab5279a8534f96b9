#include "sim/io/campaign_config.hpp"

#include <cmath>
#include <limits>

#include "sim/io/json_writer.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace {

using engine::BaseUnits;
using engine::Campaign;
using engine::Nanos;

std::string got(double value) {
  return " (got " + format_number(value) + ")";
}

double read_fraction(const TomlTableReader& table, std::string_view key, double fallback,
                     bool allow_zero) {
  const double value = table.number(key).value_or(fallback);
  const bool ok = allow_zero ? value >= 0.0 && value <= 1.0 : value > 0.0 && value <= 1.0;
  if (!ok)
    table.fail(key,
               std::string(allow_zero ? "must be in [0, 1]" : "must be in (0, 1]") + got(value));
  return value;
}

Nanos read_positive_duration(const TomlTableReader& table, std::string_view key,
                             std::optional<Nanos> fallback) {
  const auto value =
      fallback ? table.duration(key).value_or(*fallback) : table.require(table.duration(key), key);
  if (value <= 0)
    table.fail(key, "must be longer than zero (got \"" + format_duration(value) + "\")");
  return value;
}

engine::CampaignMarket read_market(const TomlTableReader& table, int decimals, int epochs) {
  engine::CampaignMarket market;
  market.pair = table.require(table.string("pair"), "pair");
  if (market.pair.empty()) table.fail("pair", "must not be empty");
  const double budget = table.require(table.number("budget"), "budget");
  if (!(budget >= 0.0)) table.fail("budget", "must be >= 0" + got(budget));
  const auto units = engine::tokens_to_base_units(budget, decimals);
  if (!units) {
    const double limit = static_cast<double>(std::numeric_limits<BaseUnits>::max()) /
                         static_cast<double>(engine::base_units_per_token(decimals));
    if (budget >= limit) {
      table.fail("budget", "too large for reward_decimals = " + std::to_string(decimals) +
                               ": budget x 10^decimals must fit in int64" + got(budget));
    }
    table.fail("budget", "has more fractional digits than reward_decimals = " +
                             std::to_string(decimals) + got(budget));
  }
  if (*units > std::numeric_limits<BaseUnits>::max() / epochs) {
    table.fail("budget", "budget x epochs x 10^decimals must fit in int64" + got(budget));
  }
  market.budget_per_epoch = *units;
  return market;
}

}  // namespace

const KeyList& campaign_keys() {
  static const KeyList kKeys = {
      "name",          "reward_token",  "reward_decimals",   "epoch_start",
      "epoch_length",  "epochs",        "snapshot_interval", "rule",
      "max_spread",    "spread_factor", "bid_share",         "min_order_amount",
      "max_order_age", "markets"};
  return kKeys;
}

std::string_view rule_name(engine::RuleKind rule) {
  switch (rule) {
    case engine::RuleKind::kHummingbot:
      return "hummingbot";
  }
  return "unknown";
}

Campaign read_campaign(const TomlTableReader& table) {
  Campaign campaign;
  campaign.name = table.string("name").value_or("");
  campaign.reward_token = table.require(table.string("reward_token"), "reward_token");
  if (campaign.reward_token.empty()) table.fail("reward_token", "must not be empty");

  const std::int64_t decimals = table.require(table.integer("reward_decimals"), "reward_decimals");
  if (decimals < 0 || decimals > engine::kMaxRewardDecimals) {
    table.fail("reward_decimals", "must be in [0, 18] (got " + std::to_string(decimals) + ")");
  }
  campaign.reward_decimals = static_cast<int>(decimals);

  campaign.epoch_start = table.require(table.datetime("epoch_start"), "epoch_start");
  campaign.epoch_length = read_positive_duration(table, "epoch_length", std::nullopt);
  const std::int64_t epochs = table.integer("epochs").value_or(1);
  if (epochs < 1 || epochs > 1'000'000) {
    table.fail("epochs", "must be in [1, 1000000] (got " + std::to_string(epochs) + ")");
  }
  campaign.epochs = static_cast<int>(epochs);
  campaign.snapshot_interval =
      read_positive_duration(table, "snapshot_interval", engine::kNanosPerMinute);
  if (campaign.epoch_length % campaign.snapshot_interval != 0) {
    table.fail("epoch_length", "must be a whole multiple of snapshot_interval (\"" +
                                   format_duration(campaign.snapshot_interval) + "\") (got \"" +
                                   format_duration(campaign.epoch_length) + "\")");
  }
  const Nanos latest_end = std::numeric_limits<Nanos>::max() - engine::kNanosPerDay;
  if (campaign.epoch_length > (latest_end - campaign.epoch_start) / campaign.epochs) {
    table.fail("epochs", "the campaign would end after the year 2262");
  }

  const std::string rule = table.string("rule").value_or("hummingbot");
  if (rule != "hummingbot") {
    table.fail("rule", "unknown rule (expected \"hummingbot\") (got " + io::quoted(rule) + ")");
  }
  campaign.rule = engine::RuleKind::kHummingbot;

  engine::RuleParams& params = campaign.params;
  params.max_spread = table.require(table.number("max_spread"), "max_spread");
  if (!(params.max_spread > 0.0)) table.fail("max_spread", "must be > 0" + got(params.max_spread));
  params.spread_factor = table.number("spread_factor").value_or(2.0);
  if (!(params.spread_factor >= 0.0)) {
    table.fail("spread_factor", "must be >= 0" + got(params.spread_factor));
  }
  params.bid_share = read_fraction(table, "bid_share", 0.5, true);
  params.min_order_amount = table.number("min_order_amount").value_or(0.0);
  if (!(params.min_order_amount >= 0.0)) {
    table.fail("min_order_amount", "must be >= 0" + got(params.min_order_amount));
  }
  if (table.has("max_order_age")) {
    params.max_order_age = read_positive_duration(table, "max_order_age", std::nullopt);
  }

  const auto markets = table.tables("markets", {"pair", "budget"});
  if (markets.empty()) {
    table.fail("markets", "at least one [[" + table.key_path("markets") + "]] table is needed");
  }
  for (const TomlTableReader& market : markets) {
    campaign.markets.push_back(read_market(market, campaign.reward_decimals, campaign.epochs));
    for (std::size_t i = 0; i + 1 < campaign.markets.size(); ++i) {
      if (campaign.markets[i].pair == campaign.markets.back().pair) {
        market.fail("pair",
                    "market " + io::quoted(campaign.markets.back().pair) + " is listed twice");
      }
    }
  }
  engine::validate(campaign);
  return campaign;
}

std::string campaign_to_toml(const Campaign& campaign) {
  const engine::RuleParams& params = campaign.params;
  std::string text = "[campaign]\n";
  text += "name = " + json_string(campaign.name) + "\n";
  text += "reward_token = " + json_string(campaign.reward_token) + "\n";
  text += "reward_decimals = " + std::to_string(campaign.reward_decimals) + "\n";
  text += "epoch_start = " + format_timestamp(campaign.epoch_start) + "\n";
  text += "epoch_length = \"" + format_duration(campaign.epoch_length) + "\"\n";
  text += "epochs = " + std::to_string(campaign.epochs) + "\n";
  text += "snapshot_interval = \"" + format_duration(campaign.snapshot_interval) + "\"\n";
  text += "rule = \"" + std::string(rule_name(campaign.rule)) + "\"\n";
  text += "max_spread = " + format_toml_float(params.max_spread) + "\n";
  text += "spread_factor = " + format_toml_float(params.spread_factor) + "\n";
  text += "bid_share = " + format_toml_float(params.bid_share) + "\n";
  text += "min_order_amount = " + format_toml_float(params.min_order_amount) + "\n";
  if (params.max_order_age) {
    text += "max_order_age = \"" + format_duration(*params.max_order_age) + "\"\n";
  }
  for (const auto& market : campaign.markets) {
    text += "\n[[campaign.markets]]\npair = " + json_string(market.pair) + "\nbudget = " +
            engine::format_token_amount(market.budget_per_epoch, campaign.reward_decimals) +
            (campaign.reward_decimals == 0 ? ".0" : "") + "\n";
  }
  return text;
}

Campaign campaign_from_toml(const toml::table& root, const std::string& file) {
  const TomlTableReader document(root, file, "", {"campaign"});
  return read_campaign(document.require(document.table("campaign", campaign_keys()), "campaign"));
}

Campaign load_campaign_file(const std::string& path) {
  return campaign_from_toml(parse_toml_file(path), path);
}

}  // namespace lmsim::sim::io
