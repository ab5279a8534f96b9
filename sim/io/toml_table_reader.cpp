#include "sim/io/toml_table_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace {

std::string_view type_name(toml::node_type type) {
  switch (type) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

InputLocation at(const std::string& file, const toml::source_region& region, std::string key) {
  // A value set from the command line carries its own source ("--set …") instead of the file's.
  const std::string& source = region.path && !region.path->empty() ? *region.path : file;
  // Positions inside "--set KEY=VALUE" would point into text the user never typed.
  if (source.starts_with("--set ")) return InputLocation{source, 0, 0, std::move(key)};
  return InputLocation{source, static_cast<std::int64_t>(region.begin.line),
                       static_cast<std::int64_t>(region.begin.column), std::move(key)};
}

}  // namespace

std::optional<std::string_view> closest_key(std::string_view key, const KeyList& candidates) {
  std::optional<std::string_view> best;
  std::size_t best_distance = std::max<std::size_t>(2, key.size() / 3) + 1;
  for (const std::string_view candidate : candidates) {
    const std::size_t distance = edit_distance(key, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

TomlTableReader::TomlTableReader(const toml::table& table, std::string file, std::string path)
    : table_(&table), file_(std::move(file)), path_(std::move(path)) {}

TomlTableReader::TomlTableReader(const toml::table& table, std::string file, std::string path,
                                 const KeyList& allowed_keys)
    : TomlTableReader(table, std::move(file), std::move(path)) {
  reject_unknown_keys(allowed_keys);
}

TomlTableReader::TomlTableReader(const toml::table& table, std::string file, std::string path,
                                 AnyKeys)
    : TomlTableReader(table, std::move(file), std::move(path)) {}

void TomlTableReader::reject_unknown_keys(const KeyList& allowed_keys) const {
  for (auto&& [key, value] : *table_) {
    const std::string_view name = key.str();
    if (std::find(allowed_keys.begin(), allowed_keys.end(), name) != allowed_keys.end()) continue;
    std::string problem = "unknown key";
    if (const auto suggestion = closest_key(name, allowed_keys)) {
      problem += " (did you mean '" + std::string(*suggestion) + "'?)";
    } else {
      problem += " (allowed here:";
      for (const std::string_view allowed : allowed_keys) problem += " " + std::string(allowed);
      problem += ")";
    }
    // A key added by an override has no position of its own; its value has.
    const toml::source_region& region = key.source().begin.line > 0 ? key.source() : value.source();
    throw InputError(at(file_, region, key_path(name)), problem);
  }
}

std::string TomlTableReader::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

InputLocation TomlTableReader::location(std::string_view key) const {
  if (const toml::node* node = table_->get(key)) return at(file_, node->source(), key_path(key));
  InputLocation location = at(file_, table_->source(), key_path(key));
  return location;
}

void TomlTableReader::fail(std::string_view key, const std::string& problem) const {
  throw InputError(location(key), problem);
}

void TomlTableReader::missing(std::string_view key) const {
  InputLocation location = at(file_, table_->source(), key_path(key));
  // The root table has no header line to point at.
  if (path_.empty()) location.line = location.column = 0;
  throw InputError(location, "missing required key");
}

void TomlTableReader::wrong_type(std::string_view key, std::string_view expected) const {
  const toml::node* node = table_->get(key);
  fail(key,
       "expected " + std::string(expected) + " (got " + std::string(type_name(node->type())) + ")");
}

std::optional<double> TomlTableReader::number(std::string_view key) const {
  const toml::node* node = table_->get(key);
  if (!node) return std::nullopt;
  if (const auto* value = node->as_floating_point()) return value->get();
  if (const auto* value = node->as_integer()) return static_cast<double>(value->get());
  wrong_type(key, "a number");
}

std::optional<std::int64_t> TomlTableReader::integer(std::string_view key) const {
  const toml::node* node = table_->get(key);
  if (!node) return std::nullopt;
  if (const auto* value = node->as_integer()) return value->get();
  wrong_type(key, "an integer");
}

std::optional<std::string> TomlTableReader::string(std::string_view key) const {
  const toml::node* node = table_->get(key);
  if (!node) return std::nullopt;
  if (const auto* value = node->as_string()) return value->get();
  wrong_type(key, "a string");
}

std::optional<bool> TomlTableReader::boolean(std::string_view key) const {
  const toml::node* node = table_->get(key);
  if (!node) return std::nullopt;
  if (const auto* value = node->as_boolean()) return value->get();
  wrong_type(key, "true or false");
}

std::optional<engine::Nanos> TomlTableReader::datetime(std::string_view key) const {
  const toml::node* node = table_->get(key);
  if (!node) return std::nullopt;
  const auto* value = node->as_date_time();
  if (!value) wrong_type(key, "a UTC date-time such as 2020-02-04T00:00:00Z");
  const toml::date_time& stamp = value->get();
  if (!stamp.offset) {
    fail(key,
         "expected a UTC date-time such as 2020-02-04T00:00:00Z (got a local date-time "
         "without Z or offset)");
  }
  const auto local =
      civil_to_nanos(stamp.date.year, stamp.date.month, stamp.date.day, stamp.time.hour,
                     stamp.time.minute, stamp.time.second, stamp.time.nanosecond);
  if (!local) fail(key, "date-time out of the supported range 1678..2261");
  return *local - stamp.offset->minutes * engine::kNanosPerMinute;
}

std::optional<engine::Nanos> TomlTableReader::duration(std::string_view key) const {
  const toml::node* node = table_->get(key);
  if (!node) return std::nullopt;
  if (!node->is_string()) wrong_type(key, "a duration string such as \"60s\"");
  const auto text = string(key);
  const auto value = parse_duration(*text);
  if (!value) {
    fail(key, "expected a duration such as \"250ms\", \"60s\", \"30m\", \"7d\" (got " +
                  io::quoted(*text) + ")");
  }
  return value;
}

std::optional<std::vector<std::string>> TomlTableReader::strings(std::string_view key) const {
  const toml::node* node = table_->get(key);
  if (!node) return std::nullopt;
  const auto* array = node->as_array();
  if (!array) wrong_type(key, "an array of strings");
  std::vector<std::string> values;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto* value = array->get(i)->as_string();
    if (!value) {
      throw InputError(
          at(file_, array->get(i)->source(), key_path(key) + "[" + std::to_string(i) + "]"),
          "expected a string (got " + std::string(type_name(array->get(i)->type())) + ")");
    }
    values.push_back(value->get());
  }
  return values;
}

std::optional<std::vector<double>> TomlTableReader::numbers(std::string_view key) const {
  const toml::node* node = table_->get(key);
  if (!node) return std::nullopt;
  const auto* array = node->as_array();
  if (!array) wrong_type(key, "an array of numbers");
  std::vector<double> values;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node* element = array->get(i);
    if (const auto* real = element->as_floating_point()) {
      values.push_back(real->get());
    } else if (const auto* integer = element->as_integer()) {
      values.push_back(static_cast<double>(integer->get()));
    } else {
      throw InputError(at(file_, element->source(), key_path(key) + "[" + std::to_string(i) + "]"),
                       "expected a number (got " + std::string(type_name(element->type())) + ")");
    }
  }
  return values;
}

std::optional<std::vector<engine::ParamRow>> TomlTableReader::rows(std::string_view key) const {
  const toml::node* node = table_->get(key);
  if (!node) return std::nullopt;
  const auto* array = node->as_array();
  if (!array) wrong_type(key, "an array of rows");
  std::vector<engine::ParamRow> rows;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node* element = array->get(i);
    const std::string row_path = key_path(key) + "[" + std::to_string(i) + "]";
    const auto* row = element->as_array();
    if (!row) {
      throw InputError(at(file_, element->source(), row_path),
                       "expected a row such as [\"buy\", 0.5, 1.0] (got " +
                           std::string(type_name(element->type())) + ")");
    }
    engine::ParamRow cells;
    for (std::size_t j = 0; j < row->size(); ++j) {
      const toml::node* cell = row->get(j);
      if (const auto* real = cell->as_floating_point()) {
        cells.emplace_back(real->get());
      } else if (const auto* integer = cell->as_integer()) {
        cells.emplace_back(static_cast<double>(integer->get()));
      } else if (const auto* text = cell->as_string()) {
        cells.emplace_back(text->get());
      } else {
        throw InputError(
            at(file_, cell->source(), row_path + "[" + std::to_string(j) + "]"),
            "expected a string or a number (got " + std::string(type_name(cell->type())) + ")");
      }
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

std::optional<TomlTableReader> TomlTableReader::table(std::string_view key,
                                                      const KeyList& allowed_keys) const {
  const toml::node* node = table_->get(key);
  if (!node) return std::nullopt;
  const auto* sub = node->as_table();
  if (!sub) wrong_type(key, "a table");
  return TomlTableReader(*sub, file_, key_path(key), allowed_keys);
}

std::optional<TomlTableReader> TomlTableReader::table(std::string_view key, AnyKeys) const {
  const toml::node* node = table_->get(key);
  if (!node) return std::nullopt;
  const auto* sub = node->as_table();
  if (!sub) wrong_type(key, "a table");
  return TomlTableReader(*sub, file_, key_path(key), kAnyKeys);
}

std::vector<TomlTableReader> TomlTableReader::tables(std::string_view key,
                                                     const KeyList& allowed_keys) const {
  std::vector<TomlTableReader> readers = tables(key, kAnyKeys);
  for (const TomlTableReader& reader : readers) reader.reject_unknown_keys(allowed_keys);
  return readers;
}

std::vector<TomlTableReader> TomlTableReader::tables(std::string_view key, AnyKeys) const {
  std::vector<TomlTableReader> readers;
  const toml::node* node = table_->get(key);
  if (!node) return readers;
  const auto* array = node->as_array();
  if (!array || !array->is_array_of_tables())
    wrong_type(key, "an array of tables ([[" + key_path(key) + "]])");
  for (std::size_t i = 0; i < array->size(); ++i) {
    readers.push_back(TomlTableReader(*array->get(i)->as_table(), file_,
                                      key_path(key) + "[" + std::to_string(i) + "]", kAnyKeys));
  }
  return readers;
}

toml::table parse_toml(std::string_view text, const std::string& file) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& error) {
    throw InputError(at(file, error.source(), ""),
                     "invalid TOML: " + std::string(error.description()));
  }
}

toml::table parse_toml_file(const std::string& file) {
  std::error_code error;
  if (std::filesystem::is_directory(file, error)) {
    throw InputError({file, 0, 0, ""}, "is a directory, not a TOML file");
  }
  std::ifstream stream(file, std::ios::binary);
  if (!stream) throw InputError({file, 0, 0, ""}, "cannot open file");
  std::ostringstream text;
  text << stream.rdbuf();
  return parse_toml(text.str(), file);
}

}  // namespace lmsim::sim::io
