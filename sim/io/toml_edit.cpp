#include "sim/io/toml_edit.hpp"

#include <algorithm>
#include <optional>

#include "sim/io/input_error.hpp"
#include "sim/io/toml_table_reader.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace {

struct Segment {
  std::string name;
  std::optional<std::size_t> index;
};

/// The segments of a key path; nullopt when it is malformed (an empty name, a bad index).
std::optional<std::vector<Segment>> split_path(std::string_view path) {
  std::vector<Segment> segments;
  std::size_t begin = 0;
  while (true) {
    const std::size_t dot = path.find('.', begin);
    std::string_view part = path.substr(begin, dot == std::string_view::npos ? dot : dot - begin);
    Segment segment;
    if (const std::size_t open = part.find('['); open != std::string_view::npos) {
      if (part.back() != ']') return std::nullopt;
      const auto number = parse_integer(part.substr(open + 1, part.size() - open - 2));
      if (!number || *number < 0) return std::nullopt;
      segment.index = static_cast<std::size_t>(*number);
      part = part.substr(0, open);
    }
    if (part.empty()) return std::nullopt;
    segment.name = std::string(part);
    segments.push_back(std::move(segment));
    if (dot == std::string_view::npos) return segments;
    begin = dot + 1;
  }
}

/// The node a segment names inside `table` (nullptr when absent or not indexable).
const toml::node* step(const toml::table& table, const Segment& segment) {
  const toml::node* node = table.get(segment.name);
  if (node == nullptr || !segment.index) return node;
  const toml::array* array = node->as_array();
  if (array == nullptr || *segment.index >= array->size()) return nullptr;
  return array->get(*segment.index);
}

/// The byte offset of a (1-based) line and column in `text`, columns counted in code points as
/// toml++ counts them.
std::size_t offset_of(std::string_view text, std::size_t line, std::size_t column) {
  std::size_t offset = 0;
  for (std::size_t current = 1; current < line && offset < text.size(); ++offset) {
    if (text[offset] == '\n') ++current;
  }
  for (std::size_t current = 1; current < column && offset < text.size(); ++current) {
    ++offset;
    // Continuation bytes of a UTF-8 sequence do not start a column.
    while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) {
      ++offset;
    }
  }
  return offset;
}

/// The end of the scalar value that starts at `begin`: a quoted string to its closing quote,
/// anything else to the first space, comma, bracket, brace or comment.
std::size_t scalar_end(std::string_view text, std::size_t begin) {
  if (begin < text.size() && (text[begin] == '"' || text[begin] == '\'')) {
    const char quote = text[begin];
    for (std::size_t i = begin + 1; i < text.size(); ++i) {
      if (quote == '"' && text[i] == '\\') {
        ++i;
      } else if (text[i] == quote) {
        return i + 1;
      }
    }
    return text.size();
  }
  std::size_t end = begin;
  while (end < text.size() &&
         std::string_view(" \t\r\n,]}#").find(text[end]) == std::string_view::npos) {
    ++end;
  }
  return end;
}

struct Edit {
  std::size_t begin;
  std::size_t end;
  std::string text;
};

}  // namespace

const toml::node* find_key(const toml::table& root, std::string_view path) {
  const auto segments = split_path(path);
  if (!segments) return nullptr;
  const toml::node* node = &root;
  for (const Segment& segment : *segments) {
    const toml::table* table = node->as_table();
    if (table == nullptr) return nullptr;
    node = step(*table, segment);
    if (node == nullptr) return nullptr;
  }
  return node;
}

std::string replace_values(std::string_view text, const std::string& file,
                           const std::vector<std::pair<std::string, std::string>>& values) {
  const toml::table root = parse_toml(text, file);
  std::vector<Edit> edits;
  std::string appended;
  for (const auto& entry : values) {
    // Named members rather than a structured binding: the lambda below uses them, and clang 14
    // (the fuzzing compiler) refuses to capture a binding.
    const std::string& path = entry.first;
    const std::string& value = entry.second;
    const auto fail = [&](const std::string& problem) {
      return InputError({file, 0, 0, path}, problem);
    };
    const auto segments = split_path(path);
    if (!segments) throw fail("not a key path");
    if (const toml::node* node = find_key(root, path)) {
      if (node->is_table() || node->is_array()) throw fail("is not a single value");
      const toml::source_region& region = node->source();
      if (region.begin.line == 0) throw fail("has no place in the file to edit");
      const std::size_t begin = offset_of(text, region.begin.line, region.begin.column);
      edits.push_back({begin, scalar_end(text, begin), value});
      continue;
    }
    // Absent: after its table's header, or in a new table at the end.
    const std::string key = segments->back().name;
    if (segments->back().index) throw fail("an array element cannot be added");
    const std::string parent = path.substr(0, path.size() - key.size() - (segments->size() > 1));
    const toml::node* table = parent.empty() ? &root : find_key(root, parent);
    if (table != nullptr && !table->is_table()) throw fail("crosses a value that is not a table");
    if (table != nullptr && table->as_table()->is_inline()) {
      throw fail("is in an inline table, which cannot be edited in place");
    }
    const bool has_header =
        table != nullptr && !parent.empty() && table->source().begin.line > 0 &&
        text.substr(offset_of(text, table->source().begin.line, 1)).starts_with("[");
    if (has_header) {
      const std::size_t line = offset_of(text, table->source().begin.line, 1);
      const std::size_t end_of_line = text.find('\n', line);
      const std::size_t at = end_of_line == std::string_view::npos ? text.size() : end_of_line + 1;
      edits.push_back({at, at, key + " = " + value + "\n"});
    } else if (!parent.empty()) {
      appended += "\n[" + parent + "]\n" + key + " = " + value + "\n";
    } else {
      throw fail("a top-level key cannot be added");
    }
  }
  std::sort(edits.begin(), edits.end(),
            [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
  std::string result(text);
  for (const Edit& edit : edits) result.replace(edit.begin, edit.end - edit.begin, edit.text);
  if (!appended.empty()) {
    if (!result.empty() && result.back() != '\n') result += "\n";
    result += appended;
  }
  return result;
}

}  // namespace lmsim::sim::io
