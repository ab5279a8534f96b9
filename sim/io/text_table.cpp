#include "sim/io/text_table.hpp"

#include <algorithm>
#include <stdexcept>

namespace lmsim::sim::io {

void TextTable::add_column(std::string heading, Align align) {
  headings_.push_back(std::move(heading));
  align_.push_back(align);
}

void TextTable::add_row(std::vector<std::string> cells) {
  if (cells.size() != headings_.size()) throw std::logic_error("TextTable: wrong cell count");
  rows_.push_back(std::move(cells));
}

std::string TextTable::str() const {
  std::vector<std::size_t> width(headings_.size());
  for (std::size_t c = 0; c < headings_.size(); ++c) {
    width[c] = headings_[c].size();
    for (const auto& row : rows_) width[c] = std::max(width[c], row[c].size());
  }
  std::string text;
  const auto append_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string padding(width[c] - cells[c].size(), ' ');
      if (c > 0) line += "  ";
      line += align_[c] == Align::kLeft ? cells[c] + padding : padding + cells[c];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + '\n';
  };
  append_row(headings_);
  for (const auto& row : rows_) append_row(row);
  return text;
}

}  // namespace lmsim::sim::io
