#include "sim/app/report_builder.hpp"

#include "analysis/gnuplot_script.hpp"
#include "analysis/report_html.hpp"
#include "analysis/report_plots.hpp"
#include "analysis/report_run.hpp"
#include "analysis/sweep_report.hpp"
#include "engine/version.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/result_files.hpp"
#include "sim/io/results_file.hpp"
#include "sim/io/sweep_files.hpp"

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

bool is_sweep_directory(const std::string& directory) {
  std::error_code error;
  return fs::is_regular_file(fs::path(directory) / io::kSweepFileName, error) &&
         !fs::is_regular_file(fs::path(directory) / io::kResultsFileName, error);
}

std::string build_sweep_report_html(const std::string& sweep_directory,
                                    const GnuplotRunner& gnuplot) {
  const analysis::SweepData sweep = io::read_sweep_file(sweep_directory);
  const std::vector<analysis::PlotScript> plots = analysis::sweep_plots(sweep);
  std::vector<std::string> outputs;
  for (std::size_t i = 0; i < plots.size(); ++i) {
    outputs.push_back("plot-" + std::to_string(i + 1) + ".svg");
  }
  const std::vector<std::string> svgs =
      plots.empty() ? std::vector<std::string>{}
                    : gnuplot.run(analysis::gnuplot_batch_script(plots, outputs), outputs);
  return analysis::render_sweep_html(sweep, plots, svgs, engine::kVersion);
}

fs::path write_report(const ReportRequest& request) {
  if (request.run_directories.empty()) {
    throw io::InputError({}, "no run directory given (usage: lmsim report RUN_DIR... [-o FILE])");
  }
  const bool sweep =
      request.run_directories.size() == 1 && is_sweep_directory(request.run_directories.front());
  if (!sweep) {
    for (const std::string& directory : request.run_directories) {
      if (is_sweep_directory(directory)) {
        throw io::InputError({directory, 0, 0, ""},
                             "a sweep directory is reported on its own (lmsim report SWEEP_DIR)");
      }
      io::check_run_directory(directory);
    }
  }
  const GnuplotRunner gnuplot = GnuplotRunner::find();
  const fs::path output = request.output.empty() ? default_report_path(request.run_directories)
                                                 : fs::path(request.output);
  if (output.filename().empty()) {
    throw io::InputError({request.output, 0, 0, ""},
                         "the report needs a file name, not a directory");
  }
  io::ResultFile file(output, request.overwrite);
  file.write(sweep ? build_sweep_report_html(request.run_directories.front(), gnuplot)
                   : build_report_html(request.run_directories, gnuplot));
  file.commit();
  return output;
}

fs::path write_run_report(const std::string& run_directory, bool overwrite) {
  return write_report({{run_directory}, "", overwrite});
}

}  // namespace lmsim::sim::app
