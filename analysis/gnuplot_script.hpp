#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lmsim::analysis {

/// One plot of a report, as gnuplot commands: the datablocks it draws (inline `$name << EOD`
/// blocks, so no data file is ever involved), its settings and its `plot` command — everything
/// but the terminal and the output, which gnuplot_batch_script adds. `id` names the plot in the
/// page (letters, digits and '-'); `title` and `caption` are shown by the HTML around it.
struct PlotScript {
  std::string id;
  std::string title;
  std::string caption;
  int width = 900;  ///< SVG user units (the page scales the drawing to its column)
  int height = 380;
  std::string commands;
};

/// A gnuplot string literal in single quotes (the kind in which nothing but '' is special):
/// `it's` becomes `'it''s'`. Control characters become spaces.
std::string gnuplot_string(std::string_view text);

/// A data value for a datablock: shortest round-trip decimal of `value` ("%.17g" trimmed is not
/// used: std::to_chars gives the shortest text that reads back exactly), "NaN" for NaN, which
/// gnuplot reads as undefined and leaves out.
std::string gnuplot_number(double value);

/// A string column of a datablock: in double quotes, with characters that would end or split it
/// (double quotes, control characters) replaced by "'" and spaces.
std::string gnuplot_data_string(std::string_view text);

/// The whole gnuplot script that draws `plots` into `output_files` (one file name per plot,
/// relative to gnuplot's working directory; names must not contain a quote). Each plot starts
/// from `reset`, draws on the SVG terminal at its size with a plain sans font, text not
/// interpreted as markup (`noenhanced`, so an '_' in a miner's name stays an underscore), white
/// background, and closes its file. Throws std::invalid_argument if the counts differ.
std::string gnuplot_batch_script(std::span<const PlotScript> plots,
                                 std::span<const std::string> output_files);

}  // namespace lmsim::analysis
