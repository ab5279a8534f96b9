#include <catch2/catch.hpp>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/gnuplot_script.hpp"

using namespace lmsim::analysis;

TEST_CASE("gnuplot_string: single quotes doubled, control characters blanked", "[gnuplot_script]") {
  CHECK(gnuplot_string("it's") == "'it''s'");
  CHECK(gnuplot_string("a\nb") == "'a b'");
  CHECK(gnuplot_string("$x \\n") == "'$x \\n'");  // nothing else is special in single quotes
}

TEST_CASE("gnuplot_number: shortest exact text, NaN for undefined", "[gnuplot_script]") {
  CHECK(gnuplot_number(0.1) == "0.1");
  CHECK(gnuplot_number(2500.0) == "2500");
  CHECK(gnuplot_number(1e-9) == "1e-09");
  CHECK(gnuplot_number(std::numeric_limits<double>::quiet_NaN()) == "NaN");
  CHECK(std::stod(gnuplot_number(1.0 / 3.0)) == 1.0 / 3.0);
}

TEST_CASE("gnuplot_data_string: quoted, quotes replaced", "[gnuplot_script]") {
  CHECK(gnuplot_data_string("farm \"A\"") == "\"farm 'A'\"");
  CHECK(gnuplot_data_string("tab\there") == "\"tab here\"");
}

TEST_CASE("gnuplot_batch_script: one reset, terminal and output per plot", "[gnuplot_script]") {
  std::vector<PlotScript> plots(2);
  plots[0].id = "one";
  plots[0].width = 600;
  plots[0].height = 300;
  plots[0].commands = "plot x";
  plots[1].id = "two";
  plots[1].commands = "plot x**2\n";
  const std::vector<std::string> outputs{"plot-1.svg", "plot-2.svg"};
  const std::string script = gnuplot_batch_script(plots, outputs);
  CHECK(script.find("set terminal svg size 600,300 dynamic noenhanced") != std::string::npos);
  CHECK(script.find("set terminal svg size 900,380 dynamic noenhanced") != std::string::npos);
  CHECK(script.find("set output 'plot-1.svg'\nplot x\nunset output\n") != std::string::npos);
  CHECK(script.find("set output 'plot-2.svg'\nplot x**2\nunset output\n") != std::string::npos);
  CHECK(script.find("reset\n") < script.find("set output 'plot-1.svg'"));
  CHECK_THROWS_AS(gnuplot_batch_script(plots, std::vector<std::string>{"a.svg"}),
                  std::invalid_argument);
}
