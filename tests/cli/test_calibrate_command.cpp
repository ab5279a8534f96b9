// `lmsim calibrate` end to end on the AMZN excerpt: the fit improves on the starting point, the
// calibrated values stay in their bounds and are written into a scenario that runs, the search is
// deterministic, progress goes to stderr, and bad input exits 2 with a located message.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "io/replay/replay_files.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim;
using test::CommandResult;
using test::run_lmsim;

namespace {

const std::string kMessages = "AMZN_2012-06-21_34200000_57600000_message_5.csv.gz";
const std::string kOrderbook = "AMZN_2012-06-21_34200000_57600000_orderbook_5.csv.gz";

/// A working directory with equity_day.toml, the AMZN level-5 excerpt converted to amzn.h5.
class Workspace {
 public:
  Workspace() {
    std::filesystem::copy_file(test::source_path("scenarios/equity_day.toml"),
                               dir_.file("equity_day.toml"));
    for (const std::string& name : {kMessages, kOrderbook})
      std::filesystem::copy_file(test::replay_data(name), dir_.file(name));
    const CommandResult converted =
        run({"convert", "--from", "lobster", kMessages, kOrderbook, "-o", "amzn.h5"});
    REQUIRE(converted.exit_code == 0);
  }
  CommandResult run(const std::vector<std::string>& args) const {
    return run_lmsim(args, dir_.path().string());
  }
  std::string read(const std::string& name) const {
    std::ifstream in(dir_.file(name));
    return std::string((std::istreambuf_iterator<char>(in)), {});
  }
  bool exists(const std::string& name) const { return std::filesystem::exists(dir_.file(name)); }

 private:
  test::TempDir dir_;
};

/// Half an hour of equity_day against the excerpt's twelve minutes, two parameters, twelve
/// candidates of one replicate.
std::vector<std::string> calibration(const std::string& out) {
  return {"calibrate",
          "equity_day.toml",
          "--to",
          "amzn.h5",
          "--params",
          "market.fundamental.volatility,background.value.mean_interval=20:240",
          "--set",
          "sim.duration=\"30m\"",
          "--set",
          "campaign.epoch_length=\"30m\"",
          "--replicates",
          "1",
          "--max-evaluations",
          "12",
          "--out",
          out};
}

double number_after(const std::string& text, const std::string& pattern) {
  std::smatch match;
  if (!std::regex_search(text, match, std::regex(pattern)))
    FAIL("no " << pattern << " in\n" << text);
  return std::stod(match[1].str());
}

}  // namespace

TEST_CASE("lmsim calibrate: fits two parameters to the AMZN excerpt, deterministically") {
  const Workspace work;
  const CommandResult result = work.run(calibration("calibrated.toml"));
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  // Progress on stderr (a line per ten candidates when it is not a terminal), the summary on
  // stdout.
  CHECK(result.err.find("10/12 candidates, best fit") != std::string::npos);
  CHECK(result.out.find("calibrated 2 parameters over 12 candidates") != std::string::npos);
  const std::string text = work.read("calibrated.toml");
  // The header: the command, the target, the fit, the parameters and the moments table.
  CHECK(text.rfind("# Calibrated by the simulated method of moments", 0) == 0);
  CHECK(text.find("#   lmsim calibrate equity_day.toml --to amzn.h5 --params "
                  "market.fundamental.volatility,background.value.mean_interval=20:240") !=
        std::string::npos);
  CHECK(text.find("# target: amzn.h5 (market file, 2012-06-21T13:31:00Z to "
                  "2012-06-21T13:42:59Z)") != std::string::npos);
  const double start_fit = number_after(
      text, R"(fit J \(mean squared standardised moment error\): ([0-9.e+-]+) at the start)");
  const double best_fit = number_after(text, R"(at the start, ([0-9.e+-]+) calibrated)");
  CHECK(best_fit <= start_fit);
  CHECK(text.find("# spread.ticks.mean") != std::string::npos);
  // The calibrated values, in the scenario, within their bounds: the default [v/4, 4v] around
  // the volatility 0.028, and [20 s, 240 s] given for the value traders' interval.
  const double volatility = number_after(text, R"(\nvolatility = ([0-9.e+-]+))");
  CHECK(volatility >= 0.007);
  CHECK(volatility <= 0.112);
  CHECK(text.find("# market.fundamental.volatility   0.028") != std::string::npos);
  // The calibrated scenario is a scenario: it validates, with its comments kept.
  CHECK(text.find("# equity_day — one 6.5-hour trading day") != std::string::npos);
  const CommandResult valid = work.run({"validate", "calibrated.toml"});
  INFO(valid.err);
  CHECK(valid.exit_code == 0);

  // Common random numbers and a deterministic optimiser: the same file again.
  REQUIRE(work.run(calibration("again.toml")).exit_code == 0);
  const std::string again = work.read("again.toml");
  CHECK(again.substr(again.find("\n# target")) == text.substr(text.find("\n# target")));

  // The output is kept unless --force.
  const CommandResult kept = work.run(calibration("calibrated.toml"));
  CHECK(kept.exit_code == 2);
  CHECK(kept.err ==
        "lmsim: error: calibrated.toml: already exists; refusing to overwrite a result (use "
        "--force to replace it)\n");
}

TEST_CASE("lmsim calibrate: bad input exits 2 with a located message and writes nothing") {
  const Workspace work;
  const auto check_error = [&](std::vector<std::string> args, const std::string& message) {
    const CommandResult result = work.run(args);
    INFO(result.out);
    CHECK(result.exit_code == 2);
    CHECK(result.err == "lmsim: error: " + message + "\n");
    CHECK_FALSE(work.exists("out.toml"));
  };
  const auto with = [](const std::string& to, const std::string& params) {
    return std::vector<std::string>{"calibrate", "equity_day.toml", "--to",    to, "--params",
                                    params,      "--out",           "out.toml"};
  };
  // A target that is not a market.
  check_error(with(kMessages, "market.fundamental.volatility"),
              kMessages +
                  ": not an lmsim market file ('lmsim convert' writes one): not an HDF5 "
                  "file");
  check_error(with("missing.h5", "market.fundamental.volatility"), "missing.h5: no such file");
  // A synthetic scenario is not a recorded market.
  check_error(with("equity_day.toml", "market.fundamental.volatility"),
              "equity_day.toml: market.source: not a recorded market: the target must replay "
              "one (source = \"replay\"), or be a market file");
  // --params keys that are not numbers in the scenario.
  check_error(
      with("amzn.h5", "market.pair"),
      "equity_day.toml:18:8: market.pair: is not a number or a duration in the scenario (got "
      "\"AMZN-USD\")");
  check_error(with("amzn.h5", "background.value.nothing"),
              "equity_day.toml: background.value.nothing: is not in the scenario (write the key "
              "with its starting value, then calibrate it)");
  check_error(with("amzn.h5", "market.fundamental.volatility=1:0.5"),
              "--params market.fundamental.volatility=1:0.5: LO must be below HI");
  // A scenario with no synthetic market.
  const std::string replay = test::source_path("scenarios/replay_btcusdt.toml");
  check_error(
      {"calibrate", replay, "--to", "amzn.h5", "--params", "sim.seed", "--out", "out.toml"},
      replay + ": market: has no synthetic market to calibrate (it replays a recorded one)");
  const CommandResult help = work.run({"calibrate", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.rfind("usage: lmsim calibrate SCENARIO.toml --to TARGET", 0) == 0);
}
