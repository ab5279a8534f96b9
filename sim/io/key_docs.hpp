#pragma once

#include <string>
#include <string_view>

#include "engine/param_spec.hpp"
#include "sim/core/registries.hpp"

namespace lmsim::sim::io {

// The reference of every key a registered kind reads, rendered from the kinds' own specs: the
// docs (docs/keys.md) and `lmsim keys` print the same text, so they cannot drift from the code.

/// A Markdown table of `params`' keys: key, type, range, default, meaning.
std::string key_table_markdown(const engine::ParamObject& params);

/// docs/keys.md: for each extension point (strategies, rules, queue, latency and fee models),
/// each registered kind with its summary and key table, and the keys every miner has
/// (behaviour), from `registries`.
std::string keys_markdown(const Registries& registries);

/// One line per key of `params` with its value as a file would spell it ("bid_spread = 0.1"),
/// for `lmsim validate`'s account of a scenario; optional keys left unset are left out.
std::string param_values_text(const engine::ParamObject& params, std::string_view indent);

}  // namespace lmsim::sim::io
