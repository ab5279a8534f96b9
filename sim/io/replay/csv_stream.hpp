#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/csv_reader.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/replay/input_file.hpp"

namespace lmsim::sim::replay {

/// CSV rows streamed from a plain or gzip file through a fixed buffer, so that memory does not
/// grow with the file. Splitting is CsvReader's (same quoting, CRLF and blank-line rules),
/// applied to the complete lines in the buffer; line numbers and columns count from the start
/// of the file. A row that cannot be split (a malformed quote) is still returned, with its
/// problem in `row_error()` and fields that must not be used, so that the caller's bad-row
/// policy decides what happens.
class CsvStream {
 public:
  static constexpr std::size_t kDefaultBufferBytes = 1 << 20;

  /// Opens `path` (throws InputError when it cannot be read). `buffer_bytes` is the read size;
  /// the buffer only grows for a single line longer than it.
  explicit CsvStream(std::string path, std::size_t buffer_bytes = kDefaultBufferBytes);

  /// Advances to the next non-blank row; false at the end of the file.
  bool next_row();
  /// The header row as CsvColumns (call once, first); throws InputError for a bad header.
  io::CsvColumns read_header(const std::vector<std::string_view>& required,
                             const std::vector<std::string_view>& optional);

  std::size_t field_count() const { return reader_->field_count(); }
  std::string_view field(std::size_t index) const { return reader_->field(index); }
  /// The 1-based line number of the current row in the file.
  std::int64_t line() const { return line_base_ + reader_->line(); }
  const std::string& path() const { return file_.path(); }
  /// Why the current row could not be split, or null.
  const io::InputError* row_error() const { return row_error_ ? &*row_error_ : nullptr; }

  /// Where field `index` of the current row is, labelled with its column name.
  io::InputLocation location(std::size_t index, std::string_view column_name) const;
  /// Where the current row is.
  io::InputLocation row_location() const { return {path(), line(), 0, ""}; }

  /// Uncompressed bytes read from the file so far.
  std::uint64_t bytes_read() const { return file_.bytes_read(); }

 private:
  bool refill();

  InputFile file_;
  std::vector<char> buffer_;
  std::size_t filled_ = 0;    // bytes of buffer_ holding data
  std::size_t consumed_ = 0;  // bytes of buffer_ handed to reader_ (complete lines)
  bool at_end_ = false;
  std::int64_t line_base_ = 0;
  std::optional<io::CsvReader> reader_;
  std::optional<io::InputError> row_error_;
};

}  // namespace lmsim::sim::replay
