#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "engine/param_spec.hpp"
#include "engine/time.hpp"
#include "sim/io/input_error.hpp"

namespace lmsim::sim::io {

/// The keys a TOML table may hold.
using KeyList = std::vector<std::string_view>;

/// Typed reading of one TOML table with exact error positions. Construction rejects every key not
/// in the table's allowed list (suggesting the closest allowed key), so a typo never passes as a
/// default. Accessors return nullopt for an absent key and throw `InputError` — naming the file,
/// line, column and full key path — for a value of the wrong type; `require` turns an absent key
/// into an error and `fail` reports a value that is out of range.
class TomlTableReader {
 public:
  TomlTableReader(const toml::table& table, std::string file, std::string path,
                  const KeyList& allowed_keys);

  /// Reads a table whose allowed keys are not known yet (a probe for the key that decides them,
  /// such as a strategy's or a model's name); check the keys with a second reader.
  struct AnyKeys {};
  static constexpr AnyKeys kAnyKeys{};
  TomlTableReader(const toml::table& table, std::string file, std::string path, AnyKeys);

  bool has(std::string_view key) const { return table_->contains(key); }

  /// A float or an integer, as double.
  std::optional<double> number(std::string_view key) const;
  std::optional<std::int64_t> integer(std::string_view key) const;
  std::optional<std::string> string(std::string_view key) const;
  std::optional<bool> boolean(std::string_view key) const;
  /// A TOML offset date-time (UTC or with an explicit offset), as ns since the Unix epoch.
  std::optional<engine::Nanos> datetime(std::string_view key) const;
  /// A duration string such as "60s" (see parse_duration).
  std::optional<engine::Nanos> duration(std::string_view key) const;
  /// A string array.
  std::optional<std::vector<std::string>> strings(std::string_view key) const;
  /// An array of numbers (integers or floats).
  std::optional<std::vector<double>> numbers(std::string_view key) const;
  /// An array of rows, each an array of strings and numbers (`[["buy", 0.5, 1.0]]`).
  std::optional<std::vector<engine::ParamRow>> rows(std::string_view key) const;
  /// A sub-table, read with its own allowed keys.
  std::optional<TomlTableReader> table(std::string_view key, const KeyList& allowed_keys) const;
  /// A sub-table whose keys the caller checks later (see kAnyKeys).
  std::optional<TomlTableReader> table(std::string_view key, AnyKeys) const;
  /// An array of tables (`[[path.key]]`), each read with the same allowed keys.
  std::vector<TomlTableReader> tables(std::string_view key, const KeyList& allowed_keys) const;
  /// An array of tables whose keys the caller checks later (see kAnyKeys).
  std::vector<TomlTableReader> tables(std::string_view key, AnyKeys) const;

  /// The value of an accessor, or an error "missing required key" when it is absent.
  template <typename T>
  T require(std::optional<T> value, std::string_view key) const {
    if (!value) missing(key);
    return *std::move(value);
  }

  /// Throws an InputError located at `key`'s value (or at this table when the key is absent).
  [[noreturn]] void fail(std::string_view key, const std::string& problem) const;

  /// The location of `key`'s value, or of this table when the key is absent.
  InputLocation location(std::string_view key) const;
  /// "campaign.markets[1].budget" for key "budget" of this table.
  std::string key_path(std::string_view key) const;
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  const toml::table& raw() const { return *table_; }

 private:
  TomlTableReader(const toml::table& table, std::string file, std::string path);
  [[noreturn]] void missing(std::string_view key) const;
  [[noreturn]] void wrong_type(std::string_view key, std::string_view expected) const;
  void reject_unknown_keys(const KeyList& allowed_keys) const;

  const toml::table* table_;
  std::string file_;
  std::string path_;
};

/// Parses TOML text, turning a syntax error into an InputError at its line and column.
toml::table parse_toml(std::string_view text, const std::string& file);

/// Reads and parses a TOML file; a missing or unreadable file is an InputError too.
toml::table parse_toml_file(const std::string& file);

/// The allowed key closest to `key` by edit distance when it is close enough to be a likely typo.
std::optional<std::string_view> closest_key(std::string_view key, const KeyList& candidates);

}  // namespace lmsim::sim::io
