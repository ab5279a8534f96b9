#include "sim/io/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace lmsim::sim::io {

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

void JsonWriter::newline() {
  text_ += '\n';
  text_.append(2 * first_in_scope_.size(), ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (first_in_scope_.empty()) return;
  if (!first_in_scope_.back()) text_ += ',';
  first_in_scope_.back() = false;
  newline();
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  text_ += '{';
  first_in_scope_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  return close_scope('}');
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  text_ += '[';
  first_in_scope_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  return close_scope(']');
}

JsonWriter& JsonWriter::close_scope(char bracket) {
  const bool empty = first_in_scope_.back();
  first_in_scope_.pop_back();
  if (!empty) newline();
  text_ += bracket;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  text_ += json_string(name);
  text_ += ": ";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  text_ += json_string(text);
  return *this;
}

JsonWriter& JsonWriter::value(double number) {
  if (!std::isfinite(number)) return null();  // JSON has no NaN or infinity
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  return raw_number(std::string_view(buffer, static_cast<std::size_t>(result.ptr - buffer)));
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  return raw_number(std::to_string(number));
}

JsonWriter& JsonWriter::value(bool flag) {
  return raw_number(flag ? "true" : "false");
}

JsonWriter& JsonWriter::null() {
  return raw_number("null");
}

JsonWriter& JsonWriter::raw_number(std::string_view text) {
  before_value();
  text_ += text;
  return *this;
}

}  // namespace lmsim::sim::io
