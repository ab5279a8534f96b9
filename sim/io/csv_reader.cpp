#include "sim/io/csv_reader.hpp"

#include <algorithm>
#include <cstring>

namespace lmsim::sim::io {

namespace {

std::string join(const std::vector<std::string_view>& names) {
  std::string text;
  for (const std::string_view name : names) {
    if (!text.empty()) text += ',';
    text += name;
  }
  return text;
}

}  // namespace

CsvReader::CsvReader(std::string_view text, std::string file, bool text_starts_file)
    : text_(text), file_(std::move(file)) {
  // A UTF-8 byte-order mark (spreadsheets write one) is not part of the first column's name.
  if (text_starts_file && text_.starts_with(kUtf8ByteOrderMark)) {
    position_ = kUtf8ByteOrderMark.size();
  }
}

bool CsvReader::next_row() {
  while (position_ < text_.size()) {
    const char* start = text_.data() + position_;
    const void* newline = std::memchr(start, '\n', text_.size() - position_);
    const std::size_t end =
        newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - text_.data())
                : text_.size();
    std::string_view line = text_.substr(position_, end - position_);
    position_ = end + 1;
    ++line_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    current_ = line;
    split(line);
    return true;
  }
  return false;
}

void CsvReader::split(std::string_view line) {
  fields_.clear();
  field_offsets_.clear();
  unescaped_.clear();
  // Reserve once per row so that views into the buffer are never invalidated by growth.
  unescaped_.reserve(line.size());
  std::size_t pos = 0;
  while (true) {
    field_offsets_.push_back(pos);
    if (pos < line.size() && line[pos] == '"') {
      std::size_t close = pos + 1;
      bool escaped = false;
      while (true) {
        close = line.find('"', close);
        if (close == std::string_view::npos) {
          throw InputError({file_, line_, static_cast<std::int64_t>(pos + 1), ""},
                           "unterminated quoted field (quoted fields may not span lines)");
        }
        if (close + 1 < line.size() && line[close + 1] == '"') {
          escaped = true;
          close += 2;
          continue;
        }
        break;
      }
      std::string_view inner = line.substr(pos + 1, close - pos - 1);
      if (escaped) {
        const std::size_t begin = unescaped_.size();
        for (std::size_t i = 0; i < inner.size(); ++i) {
          unescaped_ += inner[i];
          if (inner[i] == '"') ++i;
        }
        inner = std::string_view(unescaped_).substr(begin);
      }
      fields_.push_back(inner);
      pos = close + 1;
      if (pos == line.size()) return;
      if (line[pos] != ',') {
        throw InputError({file_, line_, static_cast<std::int64_t>(pos + 1), ""},
                         "expected ',' after a quoted field");
      }
      ++pos;
      continue;
    }
    const std::size_t comma = line.find(',', pos);
    if (comma == std::string_view::npos) {
      fields_.push_back(line.substr(pos));
      return;
    }
    fields_.push_back(line.substr(pos, comma - pos));
    pos = comma + 1;
  }
}

InputLocation CsvReader::location(std::size_t index, std::string_view column_name) const {
  const std::int64_t column =
      index < field_offsets_.size() ? static_cast<std::int64_t>(field_offsets_[index]) + 1 : 0;
  return {file_, line_, column, std::string(column_name)};
}

CsvColumns::CsvColumns(CsvReader& reader, const std::vector<std::string_view>& required,
                       const std::vector<std::string_view>& optional) {
  if (!reader.next_row()) {
    throw InputError({reader.file(), 0, 0, ""},
                     "empty file (expected a header row: " + join(required) + ")");
  }
  for (std::size_t i = 0; i < reader.field_count(); ++i) {
    const std::string_view name = reader.field(i);
    const bool known = std::find(required.begin(), required.end(), name) != required.end() ||
                       std::find(optional.begin(), optional.end(), name) != optional.end();
    if (!known) {
      std::string expected = join(required);
      if (!optional.empty()) expected += " and optionally " + join(optional);
      throw InputError(reader.location(i, ""), "unknown column " + io::quoted(name) +
                                                   " in header (expected " + expected + ")");
    }
    if (find(name)) {
      throw InputError(reader.location(i, ""),
                       "column " + io::quoted(name) + " appears twice in header");
    }
    names_.emplace_back(name);
  }
  for (const std::string_view name : required) {
    if (!find(name)) {
      throw InputError(reader.row_location(), "missing column " + io::quoted(name) +
                                                  " in header (expected " + join(required) + ")");
    }
  }
}

std::optional<std::size_t> CsvColumns::find(std::string_view name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - names_.begin());
}

void CsvColumns::check_width(const CsvReader& reader) const {
  if (reader.field_count() != names_.size()) {
    throw InputError(reader.row_location(), "expected " + std::to_string(names_.size()) +
                                                " fields as in the header (got " +
                                                std::to_string(reader.field_count()) + ")");
  }
}

}  // namespace lmsim::sim::io
