#pragma once

#include <string>

#include "engine/campaign.hpp"
#include "sim/io/toml_table_reader.hpp"

namespace lmsim::sim::io {

/// Reads and checks a `[campaign]` table — the same table in a campaign file and in a scenario.
/// Every range the engine requires is checked here first, so problems are reported with the file,
/// line and key path instead of surfacing later as engine preconditions.
/// The rule is any of `rules` (`rule = "..."`, default "hummingbot"): its keys are read where
/// its kind says (in `[campaign]` itself, or in `[campaign.<rule>]`) and checked against its
/// spec; the table may hold no other rule's keys.
engine::Campaign read_campaign(const TomlTableReader& table,
                               const engine::RuleRegistry& rules = engine::builtin_rules());

/// Reads a campaign document: parsed TOML whose only top-level table is `[campaign]`.
engine::Campaign campaign_from_toml(const toml::table& root, const std::string& file);

/// Loads a campaign file (see campaign_from_toml).
engine::Campaign load_campaign_file(const std::string& path);

/// A campaign file (`[campaign]` and its markets) that `load_campaign_file` reads back as the same
/// campaign: numbers in their shortest exact form, budgets with all their decimals.
std::string campaign_to_toml(const engine::Campaign& campaign,
                             const engine::RuleRegistry& rules = engine::builtin_rules());

/// Whether the campaign's rule keeps its keys in `[campaign]` itself (Hummingbot's) rather than
/// in a table named after it.
bool rule_keys_inline(const engine::Campaign& campaign,
                      const engine::RuleRegistry& rules = engine::builtin_rules());

}  // namespace lmsim::sim::io
