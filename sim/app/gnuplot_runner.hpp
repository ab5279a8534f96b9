#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace lmsim::sim::app {

/// Runs gnuplot (Debian package gnuplot-nox) on a script that writes files, and returns what it
/// wrote. The reports' plots are drawn this way: analysis/ writes the script, this class only
/// executes it. Each run happens in a fresh private temporary directory, the working directory
/// of gnuplot and its HOME (so no ~/.gnuplot init file of the user changes the plots), with
/// LC_ALL=C and standard input from /dev/null; the directory is removed afterwards. Given the
/// same script, gnuplot's SVG output is the same bytes, and nothing of the directory (its name,
/// the script's name) appears in it.
class GnuplotRunner {
 public:
  /// The gnuplot on PATH. Throws InputError "gnuplot not found; install gnuplot-nox (…)" when
  /// there is none, so the CLI reports it as a setup problem (exit status 2).
  static GnuplotRunner find();

  /// A runner of the gnuplot executable at `executable` (not checked until run).
  explicit GnuplotRunner(std::filesystem::path executable);

  /// Runs `script` and returns the content of each of `output_files` (names relative to the
  /// working directory, as the script's `set output` commands give them), in order. Throws
  /// std::runtime_error when gnuplot cannot be started, exits with an error (its messages are
  /// quoted) or does not write one of the files: the scripts are lmsim's own, so that is a bug.
  std::vector<std::string> run(const std::string& script,
                               const std::vector<std::string>& output_files) const;

  const std::filesystem::path& executable() const { return executable_; }

 private:
  std::filesystem::path executable_;
};

}  // namespace lmsim::sim::app
