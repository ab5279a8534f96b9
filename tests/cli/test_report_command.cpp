// `lmsim report` end to end: the report of the quickstart run has every section and a drawn
// plot per figure, a comparison lists the scenario differences, the same inputs give the same
// bytes, and bad arguments stop with exit status 2 and a clear message.
#include <H5Cpp.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim::test;

namespace {

/// Runs the quickstart scenario into `directory` (with `extra` options) and checks it worked.
void make_run(const std::string& directory, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"run", "scenarios/quickstart.toml", "--out", directory};
  args.insert(args.end(), extra.begin(), extra.end());
  const CommandResult result = run_lmsim(args);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t found = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++found;
  }
  return found;
}

/// The SVG inside `<figure id="plot-ID" …>…</figure>`, or "" when the figure is missing.
std::string figure_svg(const std::string& html, const std::string& id) {
  const std::size_t figure = html.find("<figure id=\"plot-" + id + "\"");
  if (figure == std::string::npos) return "";
  const std::size_t end = html.find("</figure>", figure);
  const std::size_t svg = html.find("<svg", figure);
  const std::size_t svg_end = html.find("</svg>", figure);
  if (svg == std::string::npos || svg_end == std::string::npos || svg_end > end) return "";
  return html.substr(svg, svg_end + 6 - svg);
}

const std::vector<std::string> kPlots{
    "rewards-by-entity",      "cumulative-rewards", "lorenz",
    "reward-vs-contribution", "quote-band",         "eligible-depth",
    "depth-with-without",     "spread-with-without"};

/// Sets an environment variable for the lifetime of the object (the child inherits it).
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnvironment() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("lmsim report: the quickstart run's report has every section and plot", "[cli][report]") {
  TempDir dir;
  const std::string run = dir.file("quickstart");
  make_run(run);
  const CommandResult result = run_lmsim({"report", run});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out == "wrote " + run + "/report.html (1 run)\n");
  const std::string html = read_file(run + "/report.html");
  for (const char* section : {"provenance", "headline", "rewards", "fairness", "quotes",
                              "liquidity", "economics", "returns", "definitions"}) {
    CAPTURE(section);
    CHECK(count(html, std::string("<section id=\"") + section + "\">") == 1);
  }
  CHECK(count(html, "<figure ") == kPlots.size());
  for (const std::string& plot : kPlots) {
    CAPTURE(plot);
    const std::string svg = figure_svg(html, plot);
    CHECK(svg.size() > 1000);                             // gnuplot drew something
    CHECK(count(svg, "<path") + count(svg, "<use") > 5);  // lines, bars or points
    CHECK(count(svg, "id=\"" + plot + "-gnuplot_canvas\"") == 1);
  }
  // Provenance: the scenario text, seed, version, scenario path; a synthetic market says so.
  CHECK(count(html, "[[miners]]") >= 5);
  CHECK(count(html, "scenarios/quickstart.toml") >= 2);
  CHECK(count(html, "a synthetic market generated from the seed") == 1);
  CHECK(count(html, "<th>seed</th>") == 1);
  CHECK(count(html, "lmsim 0.1.0") >= 1);
  // Self-contained: nothing fetched, nothing of the temporary gnuplot directory leaks.
  CHECK(count(html, "<script") == 0);
  CHECK(count(html, "http") == 0);
  CHECK(count(html, "lmsim-gnuplot") == 0);
  CHECK(count(html, "plots.gp") == 0);
  CHECK(count(html, ".svg") == 0);
  // The figures the quickstart is known for: six miners, all of the 100 USDT budget paid.
  CHECK(count(html, "<td class=\"n\">6 / 6</td>") == 1);
  CHECK(count(html, "100.000000 (100.0%)") == 1);
  // Only the report was added to the run directory (atomic write, no temporary left).
  CHECK(std::distance(std::filesystem::directory_iterator(run),
                      std::filesystem::directory_iterator()) == 3);
}

TEST_CASE("lmsim report: a comparison of two runs lists their scenario differences first",
          "[cli][report]") {
  TempDir dir;
  make_run(dir.file("a"));
  make_run(dir.file("b"), {"--set", "miners[0].bid_spread=0.2"});
  const CommandResult result = run_lmsim({"report", "a", "b"}, dir.path().string());
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out == "wrote report.html (2 runs)\n");
  const std::string html = read_file(dir.file("report.html"));
  const std::size_t differences = html.find("<section id=\"differences\">");
  REQUIRE(differences != std::string::npos);
  CHECK(differences < html.find("<section id=\"provenance\">"));
  CHECK(count(html,
              "<th>miners[0].bid_spread</th><td class=\"t\">0.05</td>"
              "<td class=\"t\">0.2</td>") == 1);
  // Only that key differs.
  const std::size_t table_end = html.find("</table>", differences);
  CHECK(count(html.substr(differences, table_end - differences), "<tr>") == 2);
  CHECK(count(html, "comparison report: 2 runs") == 2);  // <title> and <h1>
  for (const std::string& plot : kPlots) {
    CAPTURE(plot);
    CHECK(figure_svg(html, plot).size() > 1000);
  }
  CHECK(count(html, "A: Gini") == 1);  // the Lorenz curves overlaid, one per run
  CHECK(count(html, "B: Gini") == 1);
}

TEST_CASE("lmsim report: the same runs give byte-identical reports", "[cli][report]") {
  TempDir dir;
  const std::string run = dir.file("run");
  make_run(run);
  REQUIRE(run_lmsim({"report", run, "-o", dir.file("one.html")}).exit_code == 0);
  REQUIRE(run_lmsim({"report", run, "--output", dir.file("two.html")}).exit_code == 0);
  const std::string one = read_file(dir.file("one.html"));
  CHECK(one.size() > 10000);
  CHECK(one == read_file(dir.file("two.html")));
}

TEST_CASE("lmsim report: an existing report is kept unless --force", "[cli][report]") {
  TempDir dir;
  const std::string run = dir.file("run");
  make_run(run);
  REQUIRE(run_lmsim({"report", run}).exit_code == 0);
  const CommandResult again = run_lmsim({"report", run});
  CHECK(again.exit_code == 2);
  CHECK(again.err == "lmsim: error: " + run +
                         "/report.html: already exists; refusing to overwrite a result (use "
                         "--force to replace it)\n");
  CHECK(run_lmsim({"report", run, "--force"}).exit_code == 0);
}

TEST_CASE("lmsim report: a missing or wrong run directory is a clear error", "[cli][report]") {
  TempDir dir;
  const CommandResult missing = run_lmsim({"report", dir.file("nowhere")});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "lmsim: error: " + dir.file("nowhere") + ": no such run directory\n");
  CHECK_FALSE(std::filesystem::exists(dir.file("nowhere")));  // not created by the report

  std::filesystem::create_directories(dir.file("empty"));
  const CommandResult empty = run_lmsim({"report", dir.file("empty")});
  CHECK(empty.exit_code == 2);
  CHECK(empty.err == "lmsim: error: " + dir.file("empty") +
                         ": not an lmsim run directory (no results.h5; 'lmsim run SCENARIO --out "
                         "DIR' makes one)\n");

  dir.write("file", "x");
  CHECK(run_lmsim({"report", dir.file("file")}).err ==
        "lmsim: error: " + dir.file("file") + ": not a directory\n");

  std::filesystem::create_directories(dir.file("garbage"));
  dir.write("garbage/results.h5", "not an HDF5 file");
  const CommandResult garbage = run_lmsim({"report", dir.file("garbage")});
  CHECK(garbage.exit_code == 2);
  CHECK(garbage.err.rfind("lmsim: error: " + dir.file("garbage") + "/results.h5: ", 0) == 0);

  const CommandResult none = run_lmsim({"report"});
  CHECK(none.exit_code == 2);
  CHECK(none.err ==
        "lmsim: error: at least one run directory is required (see 'lmsim report --help')\n");
}

TEST_CASE("lmsim report: gnuplot missing is a clear error", "[cli][report]") {
  TempDir dir;
  const std::string run = dir.file("run");
  make_run(run);
  std::filesystem::create_directories(dir.file("bin"));
  const CommandResult result = [&] {
    const ScopedEnvironment path("PATH", dir.file("bin"));
    return run_lmsim({"report", run});
  }();
  CHECK(result.exit_code == 2);
  CHECK(result.err.rfind("lmsim: error: gnuplot not found; install gnuplot-nox", 0) == 0);
  CHECK_FALSE(std::filesystem::exists(run + "/report.html"));
}

TEST_CASE("lmsim report --help explains the command", "[cli][report]") {
  const CommandResult result = run_lmsim({"report", "--help"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.rfind("usage: lmsim report RUN_DIR... [-o FILE] [--force]", 0) == 0);
  CHECK(count(result.out, "gnuplot-nox") == 1);
  CHECK(count(result.out, "--force") >= 2);
  CHECK(count(run_lmsim({"--help"}).out, "report    write an HTML report") == 1);
}

TEST_CASE("lmsim report: a results.h5 whose allocations do not add up to the budget is refused",
          "[cli][report][reliability]") {
  TempDir dir;
  const std::string run = dir.file("r");
  make_run(run, {"--no-baseline"});
  {
    // One base unit moved from the allocations to nowhere, as a damaged or edited file would.
    const H5::H5File file(run + "/results.h5", H5F_ACC_RDWR);
    const H5::DataSet allocated = file.openDataSet("/epochs/allocated");
    std::vector<std::int64_t> values(1);
    allocated.read(values.data(), H5::PredType::NATIVE_INT64);
    --values[0];
    allocated.write(values.data(), H5::PredType::NATIVE_INT64);
  }
  const CommandResult result = run_lmsim({"report", run});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("lmsim: error: " + run +
                        "/results.h5: /epochs: epoch 0: allocated 99999999 + unallocated 0 "
                        "differs from the budget 100000000: no reward may be lost or invented, "
                        "so the file is damaged or altered and cannot be reported\n") !=
        std::string::npos);
  CHECK_FALSE(std::filesystem::exists(run + "/report.html"));
}
