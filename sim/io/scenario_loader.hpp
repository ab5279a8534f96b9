#pragma once

#include <string>
#include <vector>

#include "sim/core/registries.hpp"
#include "sim/core/scenario.hpp"
#include "sim/io/toml_table_reader.hpp"

namespace lmsim::sim::io {

/// Applies one `KEY.PATH=VALUE` override to a parsed TOML document. The value is read as TOML
/// (`7`, `0.5`, `true`, `"text"`, `2024-01-01T00:00:00Z`); text that is not valid TOML is taken
/// as a string, so `--set market.pair=BTC-USDT` works unquoted. Path segments may index arrays
/// of tables (`miners[1].bid_spread`); missing tables are created, missing array elements are an
/// error. Errors are InputErrors located at "--set KEY.PATH=VALUE".
void apply_override(toml::table& root, const std::string& assignment);

/// Reads and checks a scenario document (every key known, every value in range, the campaign
/// consistent with the simulated market and time window).
Scenario read_scenario(const toml::table& root, const std::string& path,
                       const Registries& registries = builtin_registries());

/// Adds `[[campaign.also_score]] rule = "<rule>"` (the rule's keys at their defaults) to a parsed
/// scenario: what `lmsim run --also-score` does. An unknown rule is an InputError located at
/// "--also-score RULE", suggesting the closest name.
void add_also_score(toml::table& root, const std::string& rule, const engine::RuleRegistry& rules);

/// Loads a scenario file, applies the overrides in order, adds an also_score table for each of
/// `also_score`, and reads it. The returned scenario's `effective_text` is the document as run,
/// in TOML, headed by the file name, the overrides and the added rules.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {},
                       const Registries& registries = builtin_registries(),
                       const std::vector<std::string>& also_score = {});

/// load_scenario from a document already parsed (a copy: the overrides change it), for the runs
/// of a sweep, which read one file once and apply each point's overrides.
Scenario scenario_from_document(toml::table root, const std::string& path,
                                const std::vector<std::string>& overrides,
                                const Registries& registries = builtin_registries(),
                                const std::vector<std::string>& also_score = {});

}  // namespace lmsim::sim::io
