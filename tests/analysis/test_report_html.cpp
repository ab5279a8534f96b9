#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "analysis/report_html.hpp"
#include "analysis/report_plots.hpp"
#include "run_fixture.hpp"

using namespace lmsim::analysis;
using lmsim::analysis::test::make_fixture_run;

namespace {

/// Stands in for gnuplot: an SVG with the ids gnuplot uses.
std::vector<std::string> fake_svgs(std::size_t count) {
  return std::vector<std::string>(
      count,
      "<?xml version=\"1.0\"?>\n<svg viewBox=\"0 0 10 10\">\n<title>Gnuplot</title>"
      "<g id=\"gnuplot_canvas\"><use xlink:href='#gpPt0'/></g>\n</svg>\n");
}

std::string render(std::vector<RunData> data) {
  const std::vector<ReportRun> runs = make_report_runs(std::move(data));
  const std::vector<PlotScript> plots = report_plots(runs);
  return render_report_html(runs, plots, fake_svgs(plots.size()), {"9.9.9"});
}

std::size_t position(const std::string& html, const std::string& part) {
  const std::size_t at = html.find(part);
  INFO(part);
  CHECK(at != std::string::npos);
  return at;
}

}  // namespace

TEST_CASE("render_report_html: one run, every section in order, one figure per plot",
          "[report_html]") {
  const std::string html = render({make_fixture_run()});
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  std::size_t last = 0;
  for (const char* id : {"provenance", "headline", "rewards", "fairness", "quotes", "liquidity",
                         "economics", "returns", "realism", "definitions"}) {
    const std::size_t at = position(html, std::string("<section id=\"") + id + "\">");
    CHECK(at > last);
    last = at;
  }
  CHECK(html.find("id=\"differences\"") == std::string::npos);
  for (const char* plot :
       {"rewards-by-entity", "cumulative-rewards", "lorenz", "reward-vs-contribution", "quote-band",
        "eligible-depth", "depth-with-without", "spread-with-without"}) {
    position(html, std::string("<figure id=\"plot-") + plot + "\"");
    position(html, std::string("id=\"") + plot + "-gnuplot_canvas\"");
  }
  // Provenance: the scenario text, seed, versions, and the synthetic market said so.
  position(html, "<pre>[sim]\nseed = 3\n</pre>");
  position(html, "a synthetic market generated from the seed");
  position(html, "lmsim 0.1.0 (results schema 1)");
  position(html, "lmsim 9.9.9");
  // Figures computed from the fixture.
  position(html, "0.100");  // Gini of entity rewards
  position(html, "675.0");  // cost per unit of depth added within ±1%, per day
  position(html, "(75.0% of the time)");
  // Market realism: the facts of the fixture's market and the bands.
  position(html, ">returns.1s.sd<");
  position(html, "<h3>Realism bands</h3>");
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http") == std::string::npos);
  CHECK(html.find("<?xml") == std::string::npos);
}

TEST_CASE("render_report_html: names are escaped", "[report_html]") {
  RunData run = make_fixture_run();
  run.miners[2].entity = "<b>&\"x\"";
  run.miners[2].name = "<b>&\"x\"";
  const std::string html = render({run});
  CHECK(html.find("<b>&\"x\"") == std::string::npos);
  position(html, "&lt;b&gt;&amp;&quot;x&quot;");
}

TEST_CASE("render_report_html: the same inputs give the same page", "[report_html]") {
  CHECK(render({make_fixture_run()}) == render({make_fixture_run()}));
}

TEST_CASE("render_report_html: a comparison lists the scenario differences first",
          "[report_html]") {
  RunData b = make_fixture_run();
  b.provenance.run_directory = "out/fixture-b";
  b.scenario = {{"miners[0].bid_spread", "0.2"}, {"sim.seed", "3"}};
  const std::string html = render({make_fixture_run(), b});
  const std::size_t differences = position(html, "<section id=\"differences\">");
  CHECK(differences < position(html, "<section id=\"provenance\">"));
  position(html,
           "<th>miners[0].bid_spread</th><td><span class=\"note\">not set</span></td>"
           "<td class=\"t\">0.2</td>");
}

TEST_CASE("render_report_html: notes for a missing baseline and an unknown token price",
          "[report_html]") {
  RunData run = make_fixture_run();
  run.baseline.reset();
  run.reward_token_price.reset();
  const std::string html = render({run});
  position(html, "no baseline run was recorded");
  position(html, "the reward token's price is unknown");
}

TEST_CASE("render_report_html: rejects no run and mismatched SVGs", "[report_html]") {
  const std::vector<ReportRun> runs = make_report_runs({make_fixture_run()});
  const std::vector<PlotScript> plots = report_plots(runs);
  CHECK_THROWS_AS(render_report_html({}, plots, fake_svgs(plots.size()), {"x"}),
                  std::invalid_argument);
  CHECK_THROWS_AS(render_report_html(runs, plots, fake_svgs(1), {"x"}), std::invalid_argument);
}

TEST_CASE("render_report_html: a run scored by several rules compares them, winners marked",
          "[report_html]") {
  CHECK(render({make_fixture_run()}).find("id=\"rules\"") == std::string::npos);
  RunData run = make_fixture_run();
  // A uniform rule paying the three accounts 400, 400 and 400 (the campaign paid 300, 100 and
  // 600): entity rewards E 8.00, b 4.00 against 4.00 and 6.00.
  run.rules.push_back(test::uniform_rule_paying_400_each());
  const std::string html = render({run});
  const std::size_t section = position(html, "<section id=\"rules\">");
  CHECK(section > position(html, "<section id=\"fairness\">"));
  CHECK(section < position(html, "<section id=\"quotes\">"));
  // The adversary is b (avellaneda_stoikov is not named honest); one row per rule.
  position(html, "<th>premium: b</th>");
  position(html, "<th>hummingbot, paid</th>");
  position(html, "<th>uniform</th>");
  // Gini of entity rewards {4, 6}: 0.1 under the campaign's rule, {8, 4}: 1/6 under uniform.
  position(html, "<b>0.100 ★</b>");
  position(html, "<td class=\"n\">0.167</td>");
  CHECK(position(html, "<figure id=\"plot-gaming-premium\"") > section);
}
