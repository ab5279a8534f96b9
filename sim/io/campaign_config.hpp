#pragma once

#include <string>

#include "engine/campaign.hpp"
#include "sim/io/toml_table_reader.hpp"

namespace lmsim::sim::io {

/// The keys a `[campaign]` table may hold (docs/campaign.md documents each).
const KeyList& campaign_keys();

/// Reads and checks a `[campaign]` table — the same table in a campaign file and in a scenario.
/// Every range the engine requires is checked here first, so problems are reported with the file,
/// line and key path instead of surfacing later as engine preconditions.
engine::Campaign read_campaign(const TomlTableReader& table);

/// Reads a campaign document: parsed TOML whose only top-level table is `[campaign]`.
engine::Campaign campaign_from_toml(const toml::table& root, const std::string& file);

/// Loads a campaign file (see campaign_from_toml).
engine::Campaign load_campaign_file(const std::string& path);

/// A campaign file (`[campaign]` and its markets) that `load_campaign_file` reads back as the same
/// campaign: numbers in their shortest exact form, budgets with all their decimals.
std::string campaign_to_toml(const engine::Campaign& campaign);

/// The name the `rule` key uses for a rule ("hummingbot").
std::string_view rule_name(engine::RuleKind rule);

}  // namespace lmsim::sim::io
