#include "analysis/gnuplot_script.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace lmsim::analysis {

std::string gnuplot_string(std::string_view text) {
  std::string result = "'";
  for (const char c : text) {
    if (c == '\'') {
      result += "''";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      result += ' ';
    } else {
      result += c;
    }
  }
  return result + "'";
}

std::string gnuplot_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string gnuplot_data_string(std::string_view text) {
  std::string result = "\"";
  for (const char c : text) {
    if (c == '"') {
      result += '\'';
    } else if (static_cast<unsigned char>(c) < 0x20) {
      result += ' ';
    } else {
      result += c;
    }
  }
  return result + "\"";
}

std::string gnuplot_batch_script(std::span<const PlotScript> plots,
                                 std::span<const std::string> output_files) {
  if (plots.size() != output_files.size()) {
    throw std::invalid_argument("gnuplot_batch_script: one output file per plot is needed");
  }
  std::string script = "# lmsim report plots: one SVG per plot\n";
  for (std::size_t i = 0; i < plots.size(); ++i) {
    const PlotScript& plot = plots[i];
    script += "\n# " + plot.id + "\nreset\nset encoding utf8\n";
    script += "set terminal svg size " + std::to_string(plot.width) + "," +
              std::to_string(plot.height) +
              " dynamic noenhanced font 'sans,12' linewidth 1.2 background '#ffffff'\n";
    script += "set output " + gnuplot_string(output_files[i]) + "\n";
    script += plot.commands;
    if (!plot.commands.empty() && plot.commands.back() != '\n') script += '\n';
    script += "unset output\n";
  }
  return script;
}

}  // namespace lmsim::analysis
