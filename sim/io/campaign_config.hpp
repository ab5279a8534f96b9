#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/campaign.hpp"
#include "sim/core/scenario.hpp"
#include "sim/io/toml_table_reader.hpp"

namespace lmsim::sim::io {

/// What a `[campaign]` table says: the campaign with its rule, the further rules that score the
/// same run (`[[campaign.also_score]]`), and the rules asked for by name (see
/// read_campaign_config).
struct CampaignConfig {
  engine::Campaign campaign;
  std::vector<AlsoScoredRule> also_score;
  /// One per name asked for, in that order: configured from `[campaign.<name>]` (or, for a rule
  /// whose keys sit in `[campaign]`, from there), else with its defaults.
  std::vector<std::shared_ptr<const engine::RuleConfig>> requested;
};

/// Reads and checks a `[campaign]` table — the same table in a campaign file and in a scenario.
/// Every range the engine requires is checked here first, so problems are reported with the file,
/// line and key path instead of surfacing later as engine preconditions.
/// - The rule is any of `rules` (`rule = "..."`, default "hummingbot"; an unknown name is an
///   error suggesting the closest): its keys are read where its kind says (in `[campaign]`
///   itself, or in `[campaign.<rule>]`) and checked against its spec.
/// - `[[campaign.also_score]]` tables each name a rule (`rule`), optionally a `name` for its
///   results (default: the rule's; unique, and not the campaign's own rule's), and hold that
///   rule's keys beside them.
/// - `requested` names registered rules that a command asks for (`lmsim score --rule`): their
///   tables are allowed and read into `requested`.
/// - The table may hold no other rule's keys or tables: a key or table of another rule is
///   reported as such, naming the rule and where its keys go.
CampaignConfig read_campaign_config(const TomlTableReader& table,
                                    const engine::RuleRegistry& rules = engine::builtin_rules(),
                                    const std::vector<std::string>& requested = {});

/// read_campaign_config's campaign.
engine::Campaign read_campaign(const TomlTableReader& table,
                               const engine::RuleRegistry& rules = engine::builtin_rules());

/// Reads a campaign document: parsed TOML whose only top-level table is `[campaign]`.
CampaignConfig campaign_config_from_toml(const toml::table& root, const std::string& file,
                                         const std::vector<std::string>& requested = {});
engine::Campaign campaign_from_toml(const toml::table& root, const std::string& file);

/// Loads a campaign file (see campaign_from_toml).
CampaignConfig load_campaign_config(const std::string& path,
                                    const std::vector<std::string>& requested = {});
engine::Campaign load_campaign_file(const std::string& path);

/// A campaign file (`[campaign]` and its markets, and `also_score`'s tables) that
/// `load_campaign_config` reads back as the same campaign and rules: numbers in their shortest
/// exact form, budgets with all their decimals.
std::string campaign_to_toml(const engine::Campaign& campaign,
                             std::span<const AlsoScoredRule> also_score = {},
                             const engine::RuleRegistry& rules = engine::builtin_rules());

/// Whether the campaign's rule keeps its keys in `[campaign]` itself (Hummingbot's) rather than
/// in a table named after it.
bool rule_keys_inline(const engine::Campaign& campaign,
                      const engine::RuleRegistry& rules = engine::builtin_rules());

}  // namespace lmsim::sim::io
