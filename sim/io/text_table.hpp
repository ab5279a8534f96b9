#pragma once

#include <string>
#include <vector>

namespace lmsim::sim::io {

/// A plain-text table for terminal output: columns padded to their widest cell, text columns
/// left-aligned and numeric columns right-aligned, two spaces between columns.
class TextTable {
 public:
  enum class Align { kLeft, kRight };

  void add_column(std::string heading, Align align);
  /// Adds a row; it must have one cell per column.
  void add_row(std::vector<std::string> cells);
  std::string str() const;

 private:
  std::vector<std::string> headings_;
  std::vector<Align> align_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace lmsim::sim::io
