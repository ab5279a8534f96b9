#include "sim/app/report_builder.hpp"

#include "analysis/gnuplot_script.hpp"
#include "analysis/report_html.hpp"
#include "analysis/report_plots.hpp"
#include "analysis/report_run.hpp"
#include "engine/version.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/result_files.hpp"
#include "sim/io/results_file.hpp"

namespace lmsim::sim::app {

namespace fs = std::filesystem;

fs::path default_report_path(const std::vector<std::string>& run_directories) {
  if (run_directories.size() == 1) return fs::path(run_directories.front()) / "report.html";
  return "report.html";
}

std::string build_report_html(const std::vector<std::string>& run_directories,
                              const GnuplotRunner& gnuplot) {
  std::vector<analysis::RunData> data;
  data.reserve(run_directories.size());
  for (const std::string& directory : run_directories) data.push_back(io::load_run_data(directory));
  const std::vector<analysis::ReportRun> runs = analysis::make_report_runs(std::move(data));
  const std::vector<analysis::PlotScript> plots = analysis::report_plots(runs);
  // Fixed, neutral names: the SVGs never contain them, and they say nothing about the runs.
  std::vector<std::string> outputs;
  for (std::size_t i = 0; i < plots.size(); ++i) {
    outputs.push_back("plot-" + std::to_string(i + 1) + ".svg");
  }
  const std::vector<std::string> svgs =
      gnuplot.run(analysis::gnuplot_batch_script(plots, outputs), outputs);
  return analysis::render_report_html(runs, plots, svgs, {engine::kVersion});
}

fs::path write_report(const ReportRequest& request) {
  if (request.run_directories.empty()) {
    throw io::InputError({}, "no run directory given (usage: lmsim report RUN_DIR... [-o FILE])");
  }
  for (const std::string& directory : request.run_directories) io::check_run_directory(directory);
  const GnuplotRunner gnuplot = GnuplotRunner::find();
  const fs::path output = request.output.empty() ? default_report_path(request.run_directories)
                                                 : fs::path(request.output);
  if (output.filename().empty()) {
    throw io::InputError({request.output, 0, 0, ""},
                         "the report needs a file name, not a directory");
  }
  io::ResultFile file(output, request.overwrite);
  file.write(build_report_html(request.run_directories, gnuplot));
  file.commit();
  return output;
}

fs::path write_run_report(const std::string& run_directory, bool overwrite) {
  return write_report({{run_directory}, "", overwrite});
}

}  // namespace lmsim::sim::app
