#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "analysis/report_plots.hpp"
#include "run_fixture.hpp"

using namespace lmsim::analysis;
using lmsim::analysis::test::make_fixture_run;

namespace {

std::vector<ReportRun> fixture_runs(std::size_t count) {
  std::vector<RunData> data;
  for (std::size_t i = 0; i < count; ++i) data.push_back(make_fixture_run());
  return make_report_runs(std::move(data));
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("report_plots: every plot, in order, each drawing its inline data", "[report_plots]") {
  const std::vector<ReportRun> runs = fixture_runs(1);
  const std::vector<PlotScript> plots = report_plots(runs);
  const std::vector<std::string_view> ids{kRewardsByEntityPlot,  kCumulativeRewardsPlot,
                                          kLorenzPlot,           kRewardVsContributionPlot,
                                          kQuoteBandPlot,        kEligibleDepthPlot,
                                          kDepthWithWithoutPlot, kSpreadWithWithoutPlot};
  REQUIRE(plots.size() == ids.size());
  for (std::size_t i = 0; i < plots.size(); ++i) {
    CAPTURE(plots[i].id);
    CHECK(plots[i].id == ids[i]);
    CHECK_FALSE(plots[i].title.empty());
    CHECK_FALSE(plots[i].caption.empty());
    CHECK(contains(plots[i].commands, "\nplot "));
    CHECK(contains(plots[i].commands, " << EOD\n"));
    CHECK_FALSE(contains(plots[i].commands, "set output"));  // the batch script's job
  }
}

TEST_CASE("report_plots: the data drawn is the run's", "[report_plots]") {
  const std::vector<ReportRun> runs = fixture_runs(1);
  const std::vector<PlotScript> plots = report_plots(runs);
  // Bars: entity b (6 tokens) before E (4 tokens).
  CHECK(contains(plots[0].commands, "$rewards << EOD\n\"b\" 6\n\"E\" 4\nEOD\n"));
  // Lorenz of {4, 6}: (0, 0), (50, 40), (100, 100).
  CHECK(contains(plots[2].commands, "$lorenz_0 << EOD\n0 0\n50 40\n100 100\nEOD\n"));
  CHECK(contains(plots[2].commands, "'Gini 0.100'"));
  // Quote band at snapshot 0 (t = 0.5 min): mid 100, tightest bid 0.2% and ask 0.1%.
  CHECK(contains(plots[4].commands, "$lower_0 << EOD\n0.5 99.8\n"));
  CHECK(contains(plots[4].commands, "$upper_0 << EOD\n0.5 100.1\n"));
  CHECK(contains(plots[4].commands, "snapshot instants"));
  // Minutes on the time axis for a 4-minute campaign.
  CHECK(contains(plots[4].commands, "set xlabel 'minutes since the campaign start'"));
  // Depth within ±1% with the campaign: 10 at 0 min, undefined while there is no mid.
  CHECK(contains(plots[6].commands, "$with_0 << EOD\n0 10\n1 12\n2 NaN\n3 12\nEOD\n"));
  CHECK(contains(plots[6].commands, "without (baseline)"));
}

TEST_CASE("report_plots: runs compared share each plot, told apart by label", "[report_plots]") {
  const std::vector<ReportRun> runs = fixture_runs(2);
  REQUIRE(runs[0].label == "A");
  REQUIRE(runs[1].label == "B");
  const std::vector<PlotScript> plots = report_plots(runs);
  CHECK(contains(plots[0].commands, "\"b\" 6 6\n"));
  CHECK(contains(plots[2].commands, "'A: Gini 0.100'"));
  CHECK(contains(plots[2].commands, "'B: Gini 0.100'"));
  CHECK(contains(plots[7].commands, "'B: with the campaign'"));
  CHECK(contains(plots[1].commands, "since each run''s campaign start"));
}

TEST_CASE("report_plots: without a baseline only the run is drawn, and the caption says so",
          "[report_plots]") {
  std::vector<RunData> data{make_fixture_run()};
  data[0].baseline.reset();
  const std::vector<ReportRun> runs = make_report_runs(std::move(data));
  const std::vector<PlotScript> plots = report_plots(runs);
  CHECK_FALSE(contains(plots[6].commands, "$without_0"));
  CHECK(contains(plots[6].caption, "No baseline"));
}

TEST_CASE("make_report_runs and run_label", "[report_plots]") {
  CHECK(run_label(0) == "A");
  CHECK(run_label(25) == "Z");
  CHECK(run_label(26) == "AA");
  CHECK(fixture_runs(1)[0].label.empty());
  CHECK(pair_assets("ETH-USDT").base == "ETH");
  CHECK(pair_assets("BTC/USD").quote == "USD");
  CHECK(pair_assets("WEIRD").base == "base");
}

TEST_CASE("report_plots: a run scored by several rules draws each adversary's premium per rule",
          "[report_plots]") {
  RunData data = make_fixture_run();
  data.rules.push_back(test::uniform_rule_paying_400_each());
  std::vector<RunData> runs_data{data};
  const std::vector<ReportRun> runs = make_report_runs(std::move(runs_data));
  const std::vector<PlotScript> plots = report_plots(runs);
  REQUIRE(plots.size() == 9);
  CHECK(plots[3].id == kRewardVsContributionPlot);
  const PlotScript& premiums = plots[4];
  CHECK(premiums.id == kGamingPremiumPlot);
  // One row per adversary (b: avellaneda_stoikov is not named honest), one column per rule.
  const std::string b =
      "\"b\" " + gnuplot_number(runs[0].metrics.rules[0].entities[1].alignment.gaming_premium) +
      " " + gnuplot_number(runs[0].metrics.rules[1].entities[1].alignment.gaming_premium) + "\n";
  CHECK(contains(premiums.commands, "$premiums << EOD\n" + b + "EOD\n"));
  CHECK(contains(premiums.commands, "title 'hummingbot'"));
  CHECK(contains(premiums.commands, "title 'uniform'"));
  // Without further rules there is no such plot.
  for (const PlotScript& plot : report_plots(fixture_runs(1))) CHECK(plot.id != kGamingPremiumPlot);
}
