#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sim/app/gnuplot_runner.hpp"

namespace lmsim::sim::app {

/// What `lmsim report` is asked to do.
struct ReportRequest {
  std::vector<std::string> run_directories;  ///< one run, or several to compare
  std::string output;      ///< the HTML file; empty = default_report_path(run_directories)
  bool overwrite = false;  ///< replace an existing file (--force)
};

/// Where a report goes when no output is named: RUN_DIR/report.html for one run,
/// ./report.html for a comparison.
std::filesystem::path default_report_path(const std::vector<std::string>& run_directories);

/// The HTML report of the run directories (docs/report.md): loads each run
/// (sim/io/results_file.hpp), computes its metrics, has `gnuplot` draw the plots and renders the
/// page (analysis/). Nothing is written. The same directories give the same bytes.
std::string build_report_html(const std::vector<std::string>& run_directories,
                              const GnuplotRunner& gnuplot);

/// Whether `directory` holds a sweep (sweep.h5, written by `lmsim sweep` or `lmsim tune`).
bool is_sweep_directory(const std::string& directory);

/// The HTML report of a sweep directory (analysis/sweep_report.hpp), its plots drawn by gnuplot.
std::string build_sweep_report_html(const std::string& sweep_directory,
                                    const GnuplotRunner& gnuplot);

/// Builds the report (of runs, or of one sweep directory) and writes it atomically (a temporary
/// file renamed into place); returns the path written. Checked before any work: the run directories
/// exist and hold results.h5, gnuplot is installed, and the output does not exist unless
/// `overwrite` (all InputError).
std::filesystem::path write_report(const ReportRequest& request);

/// For `lmsim run … --report`: writes RUN_DIR/report.html about the run just written into
/// `run_directory` (replacing an existing one only when `overwrite`, as --force does for the
/// results), and returns its path.
std::filesystem::path write_run_report(const std::string& run_directory, bool overwrite);

}  // namespace lmsim::sim::app
