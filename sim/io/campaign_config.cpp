#include "sim/io/campaign_config.hpp"

#include <cmath>
#include <limits>

#include "sim/io/json_writer.hpp"
#include "sim/io/param_reader.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace {

using engine::BaseUnits;
using engine::Campaign;
using engine::Nanos;

std::string got(double value) {
  return " (got " + format_number(value) + ")";
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
  if (!std::isfinite(budget)) table.fail("budget", "must be a finite number" + got(budget));
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

namespace {

/// The keys of a `[campaign]` table whatever its rule.
const KeyList kCampaignKeys = {"name",         "reward_token", "reward_decimals",   "epoch_start",
                               "epoch_length", "epochs",       "snapshot_interval", "rule",
                               "markets"};

}  // namespace

/// Reads the campaign's rule: its name (`rule`, default "hummingbot") and its parameters, in
/// `table` itself for a rule whose keys sit there, else in the sub-table named after it.
std::shared_ptr<const engine::RuleConfig> read_rule(const TomlTableReader& table,
                                                    const engine::RuleKind& kind) {
  auto rule = kind.configure();
  if (kind.inline_params) {
    read_params(table, rule->params());
  } else if (const auto own = table.table(kind.name, param_keys(rule->params()))) {
    read_params(*own, rule->params());
  } else {
    // No table at all: every key at its default, unless one is required.
    const toml::table empty;
    read_params(TomlTableReader(empty, table.file(), table.key_path(kind.name), KeyList{}),
                rule->params());
  }
  return rule;
}

Campaign read_campaign(const TomlTableReader& given, const engine::RuleRegistry& rules) {
  // The rule decides which keys the table may hold, so it is read first.
  const TomlTableReader probe(given.raw(), given.file(), given.path(), TomlTableReader::kAnyKeys);
  const std::string rule_name = probe.string("rule").value_or("hummingbot");
  const engine::RuleKind* kind = rules.find(rule_name);
  if (kind == nullptr) probe.fail("rule", unknown_name_problem("rule", rule_name, rules.names()));
  KeyList keys = kCampaignKeys;
  const auto defaults = kind->configure();
  if (kind->inline_params) {
    for (const std::string_view key : param_keys(defaults->params())) keys.push_back(key);
  } else {
    keys.push_back(kind->name);
  }
  // Another rule's parameter table is a likely mix-up: say so rather than "unknown key".
  for (const engine::RuleKind& other : rules.kinds()) {
    if (other.name != rule_name && !other.inline_params && probe.has(other.name)) {
      probe.fail(other.name, "holds the parameters of rule \"" + other.name +
                                 "\", but the campaign's rule is \"" + rule_name + "\"");
    }
  }
  const TomlTableReader table(given.raw(), given.file(), given.path(), keys);
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
  // epoch_start + epoch_length × epochs, each step checked: a start before 1970 is negative, so
  // the room left after it can exceed the int64 range.
  const Nanos latest_end = std::numeric_limits<Nanos>::max() - engine::kNanosPerDay;
  Nanos span = 0;
  Nanos end = 0;
  if (__builtin_mul_overflow(campaign.epoch_length, Nanos{campaign.epochs}, &span) ||
      __builtin_add_overflow(campaign.epoch_start, span, &end) || end > latest_end) {
    table.fail("epochs", "the campaign would end after the year 2262");
  }

  campaign.rule = read_rule(table, *kind);

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

bool rule_keys_inline(const Campaign& campaign, const engine::RuleRegistry& rules) {
  const engine::RuleKind* kind = rules.find(campaign.scoring_rule().name());
  return kind == nullptr || kind->inline_params;
}

std::string campaign_to_toml(const Campaign& campaign, const engine::RuleRegistry& rules) {
  const engine::RuleConfig& rule = campaign.scoring_rule();
  std::string text = "[campaign]\n";
  text += "name = " + json_string(campaign.name) + "\n";
  text += "reward_token = " + json_string(campaign.reward_token) + "\n";
  text += "reward_decimals = " + std::to_string(campaign.reward_decimals) + "\n";
  text += "epoch_start = " + format_timestamp(campaign.epoch_start) + "\n";
  text += "epoch_length = \"" + format_duration(campaign.epoch_length) + "\"\n";
  text += "epochs = " + std::to_string(campaign.epochs) + "\n";
  text += "snapshot_interval = \"" + format_duration(campaign.snapshot_interval) + "\"\n";
  text += "rule = \"" + std::string(rule.name()) + "\"\n";
  std::string rule_keys;
  for (const engine::ParamInfo& info : rule.params().infos()) {
    if (const auto value = engine::param_text(rule.params(), info))
      rule_keys += info.key + " = " + *value + "\n";
  }
  if (rule_keys_inline(campaign, rules)) {
    text += rule_keys;
  } else {
    text += "\n[campaign." + std::string(rule.name()) + "]\n" + rule_keys;
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
  return read_campaign(
      document.require(document.table("campaign", TomlTableReader::kAnyKeys), "campaign"));
}

Campaign load_campaign_file(const std::string& path) {
  return campaign_from_toml(parse_toml_file(path), path);
}

}  // namespace lmsim::sim::io
