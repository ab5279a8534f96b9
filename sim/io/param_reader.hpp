#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/param_spec.hpp"
#include "engine/registry.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/toml_table_reader.hpp"

namespace lmsim::sim::io {

// Reading the parameters of registered kinds (engine/param_spec.hpp, engine/registry.hpp) from
// TOML: one reader for every rule, strategy and model, so a new kind needs no loader code.

/// The keys of `params`, for a TomlTableReader's allowed list (views into `params`' infos,
/// valid as long as it lives).
KeyList param_keys(const engine::ParamObject& params);

/// Reads every key of `params` that `table` holds, each as its type says, checked against its
/// bounds: errors are InputErrors at the value (`file:line:col: key.path: must be > 0 (got 0)`).
/// A required key that `table` lacks is "missing required key"; cross-key checks run last.
/// Keys of `table` that are not parameters are left for the caller.
void read_params(const TomlTableReader& table, engine::ParamObject& params);

/// The registered kind `name` of `registry`, configured with its defaults; an unknown name is an
/// InputError at `table`'s `key`, listing the names and suggesting the closest.
template <typename Product, typename Context>
std::unique_ptr<engine::Configured<Product, Context>> configure_kind(
    const engine::Registry<Product, Context>& registry, const std::string& name,
    const TomlTableReader& table, std::string_view key, std::string_view what);

/// The "unknown X" message for a name not among `names`: `unknown strategy "pmm" (expected
/// "pure_market_making" or "avellaneda_stoikov"; did you mean "..."?)`.
std::string unknown_name_problem(std::string_view what, const std::string& name,
                                 const std::vector<std::string>& names);

/// A model chosen by a key that is either a name (`queue = "conservative"`) or a table naming it
/// with its parameters (`latency = { model = "constant", delay = "2s" }`). Returns the model
/// `fallback` names, with defaults, when `table` lacks the key.
template <typename Product, typename Context>
std::unique_ptr<engine::Configured<Product, Context>> read_model(
    const engine::Registry<Product, Context>& registry, const TomlTableReader& table,
    std::string_view key, const std::string& fallback, std::string_view what);

// ---- implementation of the templates

template <typename Product, typename Context>
std::unique_ptr<engine::Configured<Product, Context>> configure_kind(
    const engine::Registry<Product, Context>& registry, const std::string& name,
    const TomlTableReader& table, std::string_view key, std::string_view what) {
  const auto* kind = registry.find(name);
  if (kind == nullptr) table.fail(key, unknown_name_problem(what, name, registry.names()));
  return kind->configure();
}

template <typename Product, typename Context>
std::unique_ptr<engine::Configured<Product, Context>> read_model(
    const engine::Registry<Product, Context>& registry, const TomlTableReader& table,
    std::string_view key, const std::string& fallback, std::string_view what) {
  if (!table.has(key)) return configure_kind(registry, fallback, table, key, what);
  if (!table.raw().get(key)->is_table()) {
    const std::string name = *table.string(key);
    return configure_kind(registry, name, table, key, what);
  }
  // The model's name decides which keys its table may hold, so it is read first.
  const TomlTableReader probe(*table.raw().get(key)->as_table(), table.file(), table.key_path(key),
                              TomlTableReader::kAnyKeys);
  const std::string name = probe.require(probe.string("model"), "model");
  auto model = configure_kind(registry, name, probe, "model", what);
  KeyList keys = param_keys(model->params());
  keys.push_back("model");
  const TomlTableReader model_table(probe.raw(), probe.file(), probe.path(), keys);
  read_params(model_table, model->params());
  return model;
}

}  // namespace lmsim::sim::io
