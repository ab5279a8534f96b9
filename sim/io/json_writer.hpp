#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lmsim::sim::io {

/// Builds JSON text with two-space indentation and keys in the order they are written, so the
/// same values always give the same bytes. Numbers are written by the caller's chosen text
/// (`raw_number`, e.g. an exact token amount) or as the shortest round-trip form of a double.
class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(double number);
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(bool flag);
  JsonWriter& null();
  /// Writes `text` verbatim as a number; it must already be valid JSON number syntax.
  JsonWriter& raw_number(std::string_view text);

  /// The finished document, ending with a newline.
  std::string str() const { return text_ + "\n"; }

 private:
  void before_value();
  JsonWriter& close_scope(char bracket);
  void newline();

  std::string text_;
  std::vector<bool> first_in_scope_;
  bool after_key_ = false;
};

/// `text` as a JSON string literal, quotes included.
std::string json_string(std::string_view text);

}  // namespace lmsim::sim::io
