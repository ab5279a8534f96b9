#include "sim/io/campaign_config.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

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

/// `snapshot_timing` and `snapshot_offset` (after snapshot_interval, which bounds the offset).
void read_snapshot_timing(const TomlTableReader& table, Campaign& campaign) {
  const std::string timing = table.string("snapshot_timing").value_or("random");
  if (timing == "fixed_offset") {
    campaign.snapshot_timing = engine::SnapshotTiming::kFixedOffset;
  } else if (timing != "random") {
    table.fail("snapshot_timing",
               "must be \"random\" or \"fixed_offset\" (got " + quoted(timing) + ")");
  }
  const auto offset = table.duration("snapshot_offset");
  if (offset && campaign.snapshot_timing != engine::SnapshotTiming::kFixedOffset) {
    table.fail("snapshot_offset",
               "only applies with snapshot_timing = \"fixed_offset\" (snapshots are random "
               "instants otherwise)");
  }
  // Half the interval by default: the middle of every slot.
  campaign.snapshot_offset = offset.value_or(campaign.snapshot_interval / 2);
  if (campaign.snapshot_offset >= campaign.snapshot_interval) {
    table.fail("snapshot_offset", "must be shorter than snapshot_interval (\"" +
                                      format_duration(campaign.snapshot_interval) + "\") (got \"" +
                                      format_duration(campaign.snapshot_offset) + "\")");
  }
}

}  // namespace

namespace {

/// The keys of a `[campaign]` table whatever its rule.
const KeyList kCampaignKeys = {
    "name",    "reward_token",      "reward_decimals", "epoch_start",     "epoch_length",
    "epochs",  "snapshot_interval", "snapshot_timing", "snapshot_offset", "rule",
    "markets", "also_score"};

bool contains(const KeyList& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

/// Where a rule's keys go, for messages: `[campaign.dydx]`, or `[campaign]` for Hummingbot's.
std::string home_of(const engine::RuleKind& kind) {
  return kind.inline_params ? "[campaign]" : "[campaign." + kind.name + "]";
}

/// Reports the first key of `table` (in key order) that is not in `allowed` but is a key of some
/// rule, saying whose it is — a likely mix-up, which "unknown key" would not explain: a key of
/// `rule_name` itself outside the table it is read from, or a key of another rule. Keys of no
/// rule are left for the table's reader to report as unknown.
void check_other_rules_keys(const TomlTableReader& table, const KeyList& allowed,
                            const engine::RuleRegistry& rules, const std::string& rule_name,
                            bool campaign_table) {
  for (const auto& [key, node] : table.raw()) {
    const std::string_view name = key.str();
    if (contains(allowed, name)) continue;
    if (const engine::RuleKind* own = rules.find(rule_name);
        own != nullptr && own->configure()->params().find(name) != nullptr) {
      table.fail(name, "is a key of rule " + quoted(rule_name) + ", read from " + home_of(*own));
    }
    for (const engine::RuleKind& kind : rules.kinds()) {
      if (kind.configure()->params().find(name) == nullptr) continue;
      table.fail(name, "is a key of rule " + quoted(kind.name) + ", not of " +
                           (campaign_table ? "the campaign's rule " : "rule ") + quoted(rule_name));
    }
  }
}

/// Reads a rule's parameters: in `table` itself for a rule whose keys sit there, else in the
/// sub-table named after it (every key at its default without one, unless one is required).
std::shared_ptr<const engine::RuleConfig> read_rule(const TomlTableReader& table,
                                                    const engine::RuleKind& kind,
                                                    const engine::RuleRegistry& rules) {
  auto rule = kind.configure();
  if (kind.inline_params) {
    read_params(table, rule->params());
  } else if (const auto own = table.table(kind.name, TomlTableReader::kAnyKeys)) {
    const KeyList keys = param_keys(rule->params());
    check_other_rules_keys(*own, keys, rules, kind.name, false);
    read_params(TomlTableReader(own->raw(), own->file(), own->path(), keys), rule->params());
  } else {
    const toml::table empty;
    read_params(TomlTableReader(empty, table.file(), table.key_path(kind.name), KeyList{}),
                rule->params());
  }
  return rule;
}

/// A name for a rule's results: a path segment of results.h5 and a key of summary.json.
bool valid_rule_label(std::string_view label) {
  if (label.empty() || label.size() > 64 || label == "." || label == "..") return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

std::vector<AlsoScoredRule> read_also_score(const TomlTableReader& table,
                                            const engine::RuleRegistry& rules,
                                            const std::string& campaign_rule) {
  std::vector<AlsoScoredRule> also_score;
  for (const TomlTableReader& entry : table.tables("also_score", TomlTableReader::kAnyKeys)) {
    const std::string rule_name = entry.require(entry.string("rule"), "rule");
    auto rule = configure_kind(rules, rule_name, entry, "rule", "rule");
    KeyList keys = param_keys(rule->params());
    keys.push_back("rule");
    keys.push_back("name");
    check_other_rules_keys(entry, keys, rules, rule_name, false);
    const TomlTableReader strict(entry.raw(), entry.file(), entry.path(), keys);
    read_params(strict, rule->params());
    const std::string label = strict.string("name").value_or(rule_name);
    const std::string_view at = strict.has("name") ? "name" : "rule";
    if (!valid_rule_label(label)) {
      strict.fail(at,
                  "must be 1 to 64 letters, digits, '_', '-' or '.' (got " + quoted(label) + ")");
    }
    if (label == campaign_rule) {
      strict.fail(at, quoted(label) +
                          " is the campaign's own rule: give this entry another name "
                          "(name = \"...\")");
    }
    for (const AlsoScoredRule& earlier : also_score) {
      if (earlier.name == label) {
        strict.fail(at, "a rule named " + quoted(label) +
                            " scores the run already: give this entry another name "
                            "(name = \"...\")");
      }
    }
    also_score.push_back({label, std::move(rule)});
  }
  return also_score;
}

}  // namespace

CampaignConfig read_campaign_config(const TomlTableReader& given, const engine::RuleRegistry& rules,
                                    const std::vector<std::string>& requested) {
  // The rule decides which keys the table may hold, so it is read first.
  const TomlTableReader probe(given.raw(), given.file(), given.path(), TomlTableReader::kAnyKeys);
  const std::string rule_name = probe.string("rule").value_or("hummingbot");
  const engine::RuleKind* kind = rules.find(rule_name);
  if (kind == nullptr) probe.fail("rule", unknown_name_problem("rule", rule_name, rules.names()));
  std::vector<const engine::RuleKind*> asked;
  for (const std::string& name : requested) {
    const engine::RuleKind* other = rules.find(name);
    if (other == nullptr) throw std::invalid_argument("read_campaign_config: unknown rule " + name);
    asked.push_back(other);
  }
  asked.push_back(kind);
  KeyList keys = kCampaignKeys;
  for (const engine::RuleKind* rule : asked) {
    if (rule->inline_params) {
      for (const std::string_view key : param_keys(rule->configure()->params()))
        keys.push_back(key);
    } else {
      keys.push_back(rule->name);
    }
  }
  // Another rule's parameter table is a likely mix-up: say so rather than "unknown key".
  for (const engine::RuleKind& other : rules.kinds()) {
    if (!other.inline_params && probe.has(other.name) && !contains(keys, other.name)) {
      probe.fail(other.name, "holds the parameters of rule " + quoted(other.name) +
                                 ", but the campaign's rule is " + quoted(rule_name) +
                                 " (to score with " + quoted(other.name) +
                                 " too, give them in a [[" + probe.key_path("also_score") +
                                 "]] table with rule = " + quoted(other.name) + ")");
    }
  }
  check_other_rules_keys(probe, keys, rules, rule_name, true);
  const TomlTableReader table(given.raw(), given.file(), given.path(), keys);
  CampaignConfig config;
  Campaign& campaign = config.campaign;
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
  read_snapshot_timing(table, campaign);
  // epoch_start + epoch_length × epochs, each step checked: a start before 1970 is negative, so
  // the room left after it can exceed the int64 range.
  const Nanos latest_end = std::numeric_limits<Nanos>::max() - engine::kNanosPerDay;
  Nanos span = 0;
  Nanos end = 0;
  if (__builtin_mul_overflow(campaign.epoch_length, Nanos{campaign.epochs}, &span) ||
      __builtin_add_overflow(campaign.epoch_start, span, &end) || end > latest_end) {
    table.fail("epochs", "the campaign would end after the year 2262");
  }

  campaign.rule = read_rule(table, *kind, rules);
  for (std::size_t i = 0; i + 1 < asked.size(); ++i) {
    config.requested.push_back(asked[i] == kind ? campaign.rule
                                                : read_rule(table, *asked[i], rules));
  }
  config.also_score = read_also_score(table, rules, rule_name);

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
  return config;
}

Campaign read_campaign(const TomlTableReader& table, const engine::RuleRegistry& rules) {
  return read_campaign_config(table, rules).campaign;
}

bool rule_keys_inline(const Campaign& campaign, const engine::RuleRegistry& rules) {
  const engine::RuleKind* kind = rules.find(campaign.scoring_rule().name());
  return kind == nullptr || kind->inline_params;
}

namespace {

std::string rule_keys_text(const engine::RuleConfig& rule) {
  std::string text;
  for (const engine::ParamInfo& info : rule.params().infos()) {
    if (const auto value = engine::param_text(rule.params(), info))
      text += info.key + " = " + *value + "\n";
  }
  return text;
}

}  // namespace

std::string campaign_to_toml(const Campaign& campaign, std::span<const AlsoScoredRule> also_score,
                             const engine::RuleRegistry& rules) {
  const engine::RuleConfig& rule = campaign.scoring_rule();
  std::string text = "[campaign]\n";
  text += "name = " + json_string(campaign.name) + "\n";
  text += "reward_token = " + json_string(campaign.reward_token) + "\n";
  text += "reward_decimals = " + std::to_string(campaign.reward_decimals) + "\n";
  text += "epoch_start = " + format_timestamp(campaign.epoch_start) + "\n";
  text += "epoch_length = \"" + format_duration(campaign.epoch_length) + "\"\n";
  text += "epochs = " + std::to_string(campaign.epochs) + "\n";
  text += "snapshot_interval = \"" + format_duration(campaign.snapshot_interval) + "\"\n";
  if (campaign.snapshot_timing == engine::SnapshotTiming::kFixedOffset) {
    text += "snapshot_timing = \"fixed_offset\"\n";
    text += "snapshot_offset = \"" + format_duration(campaign.snapshot_offset) + "\"\n";
  }
  text += "rule = \"" + std::string(rule.name()) + "\"\n";
  const std::string rule_keys = rule_keys_text(rule);
  if (rule_keys_inline(campaign, rules)) {
    text += rule_keys;
  } else {
    text += "\n[campaign." + std::string(rule.name()) + "]\n" + rule_keys;
  }
  for (const AlsoScoredRule& extra : also_score) {
    text += "\n[[campaign.also_score]]\nrule = \"" + std::string(extra.rule->name()) + "\"\n";
    if (extra.name != extra.rule->name()) text += "name = " + json_string(extra.name) + "\n";
    text += rule_keys_text(*extra.rule);
  }
  for (const auto& market : campaign.markets) {
    text += "\n[[campaign.markets]]\npair = " + json_string(market.pair) + "\nbudget = " +
            engine::format_token_amount(market.budget_per_epoch, campaign.reward_decimals) +
            (campaign.reward_decimals == 0 ? ".0" : "") + "\n";
  }
  return text;
}

CampaignConfig campaign_config_from_toml(const toml::table& root, const std::string& file,
                                         const std::vector<std::string>& requested) {
  const TomlTableReader document(root, file, "", {"campaign"});
  return read_campaign_config(
      document.require(document.table("campaign", TomlTableReader::kAnyKeys), "campaign"),
      engine::builtin_rules(), requested);
}

Campaign campaign_from_toml(const toml::table& root, const std::string& file) {
  return campaign_config_from_toml(root, file).campaign;
}

CampaignConfig load_campaign_config(const std::string& path,
                                    const std::vector<std::string>& requested) {
  return campaign_config_from_toml(parse_toml_file(path), path, requested);
}

Campaign load_campaign_file(const std::string& path) {
  return load_campaign_config(path).campaign;
}

}  // namespace lmsim::sim::io
