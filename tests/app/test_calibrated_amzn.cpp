// scenarios/calibrated_amzn.toml, written by `lmsim calibrate` (docs/calibration.md), records in
// its header the facts of its market at its own seed with their bootstrap intervals. Run again,
// the market must show them: every moment inside its recorded interval and equal to the recorded
// value to the four significant digits printed. A change to the population, the sampler or the
// facts that moves the calibrated market shows here (then re-run the command in the header).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "analysis/market_realism.hpp"
#include "analysis/report_format.hpp"
#include "sim/app/market_measurement.hpp"
#include "sim/io/scenario_loader.hpp"
#include "support/run_command.hpp"

using namespace lmsim;

namespace {

struct RecordedMoment {
  std::string name;
  std::string value;  ///< as printed (4 significant digits)
  double low = 0.0;
  double high = 0.0;
};

std::vector<RecordedMoment> recorded_moments(const std::string& path) {
  std::ifstream in(path);
  std::vector<RecordedMoment> moments;
  const std::regex row(R"(^# (\S+) +\S+ \[\S+, \S+\] +(\S+) \[(\S+), (\S+)\] +\S+ +\S+$)");
  bool table = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("# moment ", 0) == 0) {
      table = true;
      continue;
    }
    if (!table) continue;
    std::smatch match;
    if (!std::regex_match(line, match, row)) break;
    moments.push_back(
        {match[1].str(), match[2].str(), std::stod(match[3].str()), std::stod(match[4].str())});
  }
  return moments;
}

}  // namespace

TEST_CASE("calibrated_amzn: its facts stay within the intervals recorded in its header",
          "[realism][calibration]") {
  const std::string path = test::source_path("scenarios/calibrated_amzn.toml");
  const std::vector<RecordedMoment> recorded = recorded_moments(path);
  REQUIRE(recorded.size() >= 10);
  const sim::Scenario scenario = sim::io::load_scenario(path);
  const sim::app::MeasuredMarket market =
      sim::app::measure_scenario_market(scenario, sim::app::MeasureOptions{});
  const std::vector<analysis::NamedFact> facts = analysis::realism_facts(market.realism);
  for (const RecordedMoment& moment : recorded) {
    INFO(moment.name);
    const auto found = std::find_if(facts.begin(), facts.end(), [&](const analysis::NamedFact& f) {
      return f.name == moment.name;
    });
    REQUIRE(found != facts.end());
    const double value = found->estimate.value;
    // The bounds are printed to four significant digits: allow their rounding.
    CHECK(value >= moment.low - 5e-4 * std::abs(moment.low));
    CHECK(value <= moment.high + 5e-4 * std::abs(moment.high));
    CHECK(analysis::format_significant(value, 4) == moment.value);
  }
}
