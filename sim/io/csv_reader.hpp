#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/input_error.hpp"

namespace lmsim::sim::io {

/// The UTF-8 byte-order mark some programs (spreadsheets) put at the start of a text file.
inline constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

/// Splits CSV text into rows of fields in place, keeping line numbers for error messages. A
/// UTF-8 byte-order mark at the start of the text is skipped.
/// Fields are separated by commas; a field may be double-quoted (a doubled quote inside stands
/// for one quote), quoted fields may not span lines; CR before LF is ignored and blank lines are
/// skipped. Field views point into the text (or into a per-row buffer for unescaped quotes) and
/// stay valid until the next call to `next_row`.
class CsvReader {
 public:
  /// `text_starts_file`: the text is the start of its file, where a byte-order mark may be.
  CsvReader(std::string_view text, std::string file, bool text_starts_file = true);

  /// Advances to the next non-blank row; false at the end of the text.
  bool next_row();

  std::size_t field_count() const { return fields_.size(); }
  std::string_view field(std::size_t index) const { return fields_[index]; }
  std::int64_t line() const { return line_; }
  const std::string& file() const { return file_; }

  /// The location of field `index` of the current row (1-based character column), labelled with
  /// the column's name.
  InputLocation location(std::size_t index, std::string_view column_name) const;
  /// The location of the current row as a whole.
  InputLocation row_location() const { return {file_, line_, 0, ""}; }

 private:
  void split(std::string_view line);

  std::string_view text_;
  std::string file_;
  std::size_t position_ = 0;
  std::int64_t line_ = 0;
  std::string_view current_;
  std::vector<std::string_view> fields_;
  std::vector<std::size_t> field_offsets_;
  std::string unescaped_;
};

/// A column of a CSV file: its position in every row and its name for messages.
struct CsvColumn {
  std::size_t index = 0;
  std::string_view name;
};

/// The header row of a CSV file mapped to column positions. Every required column must be
/// present, optional ones may be, and any other column (or a repeated one) is an error, so a
/// misspelt optional column is caught instead of being ignored.
class CsvColumns {
 public:
  /// Reads the header row from `reader`; throws InputError for an empty file or a bad header.
  CsvColumns(CsvReader& reader, const std::vector<std::string_view>& required,
             const std::vector<std::string_view>& optional);

  /// Position of a column (required columns always have one).
  std::optional<std::size_t> find(std::string_view name) const;
  /// The column called `name`, which must be present (required columns always are).
  CsvColumn column(std::string_view name) const { return {*find(name), name}; }
  std::size_t count() const { return names_.size(); }

  /// Throws unless the reader's current row has one field per header column.
  void check_width(const CsvReader& reader) const;

 private:
  std::vector<std::string> names_;
};

}  // namespace lmsim::sim::io
