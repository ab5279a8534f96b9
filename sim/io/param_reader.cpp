#include "sim/io/param_reader.hpp"

#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

KeyList param_keys(const engine::ParamObject& params) {
  KeyList keys;
  for (const engine::ParamInfo& info : params.infos()) keys.push_back(info.key);
  return keys;
}

namespace {

engine::ParamValue read_value(const TomlTableReader& table, const engine::ParamInfo& info) {
  using engine::ParamType;
  switch (info.type) {
    case ParamType::kBoolean:
      return *table.boolean(info.key);
    case ParamType::kInteger:
      return *table.integer(info.key);
    case ParamType::kNumber:
      return *table.number(info.key);
    case ParamType::kDuration:
      return engine::Duration{*table.duration(info.key)};
    case ParamType::kText:
      return *table.string(info.key);
    case ParamType::kNumberList:
      return *table.numbers(info.key);
    case ParamType::kRowList:
      return *table.rows(info.key);
  }
  table.fail(info.key, "unsupported parameter type");
}

}  // namespace

void read_params(const TomlTableReader& table, engine::ParamObject& params) {
  for (const engine::ParamInfo& info : params.infos()) {
    if (!table.has(info.key)) {
      if (info.required) (void)table.require(std::optional<bool>{}, info.key);
      continue;
    }
    if (const auto problem = params.set(info.key, read_value(table, info))) {
      table.fail(info.key, *problem);
    }
  }
  if (const auto error = params.validate()) table.fail(error->key, error->problem);
}

std::string unknown_name_problem(std::string_view what, const std::string& name,
                                 const std::vector<std::string>& names) {
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i) {
    list += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + ("\"" + names[i] + "\"");
  }
  std::string problem =
      "unknown " + std::string(what) + " " + io::quoted(name) + " (expected " + list;
  KeyList candidates(names.begin(), names.end());
  if (const auto closest = closest_key(name, candidates)) {
    problem += "; did you mean \"" + std::string(*closest) + "\"?";
  }
  return problem + ")";
}

}  // namespace lmsim::sim::io
