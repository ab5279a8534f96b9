#include "sim/io/toml_text.hpp"

#include <sstream>

#include "sim/io/json_writer.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

std::string toml_value_text(const toml::node& node) {
  if (const auto* text = node.as_string())
    return json_string(text->get());  // its escapes are TOML's too
  if (const auto* number = node.as_floating_point()) return format_float(number->get());
  if (const auto* array = node.as_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < array->size(); ++i) {
      if (i > 0) out += ", ";
      out += toml_value_text(*array->get(i));
    }
    return out + "]";
  }
  if (const auto* table = node.as_table()) {
    // An inline table inside an array of values: its leaves in key order.
    std::string out = "{";
    bool first = true;
    for (const auto& [key, value] : *table) {
      out +=
          std::string(first ? " " : ", ") + std::string(key.str()) + " = " + toml_value_text(value);
      first = false;
    }
    return out + (first ? "}" : " }");
  }
  std::ostringstream stream;
  node.visit([&stream](const auto& value) { stream << value; });
  return stream.str();
}

namespace {

bool is_section(const toml::node& node) {
  if (const auto* table = node.as_table()) return !table->is_inline();
  const auto* array = node.as_array();
  return array != nullptr && !array->empty() && array->is_array_of_tables();
}

void write_table(const toml::table& table, const std::string& path, std::string& out) {
  for (const auto& [key, node] : table) {
    if (!is_section(node)) out += std::string(key.str()) + " = " + toml_value_text(node) + "\n";
  }
  for (const auto& [key, node] : table) {
    if (!is_section(node)) continue;
    const std::string name =
        path.empty() ? std::string(key.str()) : path + "." + std::string(key.str());
    if (const auto* sub = node.as_table()) {
      out += "\n[" + name + "]\n";
      write_table(*sub, name, out);
    } else {
      for (const toml::node& item : *node.as_array()) {
        out += "\n[[" + name + "]]\n";
        write_table(*item.as_table(), name, out);
      }
    }
  }
}

}  // namespace

std::string toml_document_text(const toml::table& root) {
  std::string out;
  write_table(root, "", out);
  return out;
}

}  // namespace lmsim::sim::io
