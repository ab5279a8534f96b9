#include "analysis/sweep_report.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "analysis/html_page.hpp"
#include "engine/not_a_number.hpp"

namespace lmsim::analysis {

namespace {

constexpr std::size_t kMaxLines = 6;

/// The metrics a report shows first, when the sweep has them.
constexpr std::string_view kReported[] = {
    "added_depth_1pct", "depth_1pct",    "spread_bps",       "cost_per_added_depth_1pct",
    "reward_gini",      "active_miners", "mean_miner_yield", "spent"};

/// A value of a key as a number, when it is one.
std::optional<double> as_number(const std::string& text) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  if (result.ec != std::errc() || result.ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

/// The points along axis `axis` that share the other axes' values with `point`, in order.
std::vector<std::size_t> line_through(const SweepData& sweep, std::size_t axis, std::size_t point) {
  std::vector<std::size_t> line;
  for (std::size_t other = 0; other < sweep.points(); ++other) {
    bool same = true;
    for (std::size_t a = 0; a < sweep.axis_keys.size(); ++a) {
      if (a != axis && sweep.point_values[other][a] != sweep.point_values[point][a]) same = false;
    }
    if (same) line.push_back(other);
  }
  return line;
}

/// The lines of a key's plots: one per combination of the other keys' values (first points).
std::vector<std::vector<std::size_t>> lines_of(const SweepData& sweep, std::size_t axis) {
  std::vector<std::vector<std::size_t>> lines;
  std::vector<bool> seen(sweep.points(), false);
  for (std::size_t point = 0; point < sweep.points() && lines.size() < kMaxLines; ++point) {
    if (seen[point]) continue;
    std::vector<std::size_t> line = line_through(sweep, axis, point);
    for (const std::size_t member : line) seen[member] = true;
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string line_title(const SweepData& sweep, std::size_t axis, std::size_t point) {
  std::string title;
  for (std::size_t a = 0; a < sweep.axis_keys.size(); ++a) {
    if (a == axis) continue;
    title +=
        (title.empty() ? "" : ", ") + sweep.axis_keys[a] + " = " + sweep.point_values[point][a];
  }
  return title.empty() ? "mean and 95% CI" : title;
}

bool numeric_axis(const SweepData& sweep, std::size_t axis) {
  return std::all_of(sweep.point_values.begin(), sweep.point_values.end(),
                     [&](const auto& values) { return as_number(values[axis]).has_value(); });
}

/// Whether a numeric key spans two decades or more of positive values: plotted on a log axis.
bool log_axis(const SweepData& sweep, std::size_t axis) {
  double low = std::numeric_limits<double>::infinity();
  double high = 0.0;
  for (const auto& values : sweep.point_values) {
    const double value = as_number(values[axis]).value_or(kNaN);
    if (!(value > 0.0)) return false;
    low = std::min(low, value);
    high = std::max(high, value);
  }
  return high >= 100.0 * low;
}

/// A response plot: `metric` against key `axis`, one datablock per line.
PlotScript response_plot(const SweepData& sweep, std::size_t axis, std::size_t metric,
                         const std::string& id) {
  const bool numeric = numeric_axis(sweep, axis);
  PlotScript plot;
  plot.id = id;
  plot.title = sweep.metric_names[metric] + " against " + sweep.axis_keys[axis];
  plot.caption = "Mean over the replicates at each value, with its 95% confidence interval (" +
                 std::to_string(sweep.replicates) + " replicates a point, common random numbers).";
  std::string data;
  std::string plot_command = "plot ";
  const auto lines = lines_of(sweep, axis);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    data += "$line" + std::to_string(i) + " << EOD\n";
    for (std::size_t k = 0; k < lines[i].size(); ++k) {
      const std::size_t point = lines[i][k];
      const Summary summary = point_summary(sweep, point, metric);
      const std::string x =
          numeric ? gnuplot_number(*as_number(sweep.point_values[point][axis])) : std::to_string(k);
      data += x + " " + gnuplot_number(summary.mean) + " " + gnuplot_number(summary.ci_low) + " " +
              gnuplot_number(summary.ci_high) + " " +
              gnuplot_data_string(sweep.point_values[point][axis]) + "\n";
    }
    data += "EOD\n";
    plot_command += (i == 0 ? "" : ", ") + std::string("$line") + std::to_string(i) +
                    (numeric ? " using 1:2:3:4" : " using 1:2:3:4:xtic(5)") +
                    " with yerrorlines lw 2 pt 7 title " +
                    gnuplot_string(line_title(sweep, axis, lines[i].front()));
  }
  plot.commands =
      data + "set key top left\nset grid\nset xlabel " + gnuplot_string(sweep.axis_keys[axis]) +
      "\nset ylabel " +
      gnuplot_string(sweep.metric_names[metric] + " (" + sweep.metric_units[metric] + ")") + "\n" +
      (numeric && log_axis(sweep, axis) ? "set logscale x\n" : "") +
      (numeric ? "set offsets graph 0.04, graph 0.04, 0, 0\n" : "set offsets 0.5, 0.5, 0, 0\n") +
      plot_command + "\n";
  return plot;
}

/// The cost curve: depth bought within each band against a swept budget.
PlotScript cost_plot(const SweepData& sweep, std::size_t axis) {
  PlotScript plot;
  plot.id = "cost-curve";
  plot.title = "What the budget buys: depth added over the baseline";
  plot.caption =
      "Depth added within ±0.5%, ±1% and ±2% of the mid (with the campaign minus "
      "without it) against " +
      sweep.axis_keys[axis] +
      ", mean and 95% interval over the replicates; other keys at their first values.";
  const auto line = line_through(sweep, axis, 0);
  std::string data;
  std::string command = "plot ";
  const char* bands[] = {"0.5pct", "1pct", "2pct"};
  const char* labels[] = {"within ±0.5%", "within ±1%", "within ±2%"};
  for (int b = 0; b < 3; ++b) {
    const std::size_t metric = sweep.metric(std::string("added_depth_") + bands[b]);
    if (metric == sweep.metric_names.size()) continue;
    data += "$band" + std::to_string(b) + " << EOD\n";
    for (const std::size_t point : line) {
      const Summary summary = point_summary(sweep, point, metric);
      data += gnuplot_number(*as_number(sweep.point_values[point][axis])) + " " +
              gnuplot_number(summary.mean) + " " + gnuplot_number(summary.ci_low) + " " +
              gnuplot_number(summary.ci_high) + "\n";
    }
    data += "EOD\n";
    command += std::string(b == 0 ? "" : ", ") + "$band" + std::to_string(b) +
               " using 1:2:3:4 with yerrorlines lw 2 pt 7 title " + gnuplot_string(labels[b]);
  }
  plot.commands = data + "set key top left\nset grid\nset xlabel " +
                  gnuplot_string(sweep.axis_keys[axis]) + "\nset ylabel 'added depth (base)'\n" +
                  (log_axis(sweep, axis) ? "set logscale x\n" : "") +
                  "set offsets graph 0.04, graph 0.04, 0, 0\n" + command + "\n";
  return plot;
}

std::string number_text(double value) {
  return std::isfinite(value) ? format_significant(value, 4) : "–";
}

std::string interval_text(const Summary& summary) {
  if (!std::isfinite(summary.ci_low)) return number_text(summary.mean);
  return number_text(summary.mean) + " [" + number_text(summary.ci_low) + ", " +
         number_text(summary.ci_high) + "]";
}

std::string budget_axis_note(const SweepData& sweep) {
  for (const std::string& key : sweep.axis_keys) {
    if (key.find("budget") != std::string::npos) return key;
  }
  return "";
}

}  // namespace

std::vector<double> SweepData::values(std::size_t point, std::size_t metric) const {
  std::vector<double> result;
  for (int r = 0; r < replicates; ++r) {
    const std::size_t run =
        point * static_cast<std::size_t>(replicates) + static_cast<std::size_t>(r);
    result.push_back(run_ok[run] ? run_metrics.at(run, metric) : kNaN);
  }
  return result;
}

std::size_t SweepData::metric(std::string_view name) const {
  return static_cast<std::size_t>(std::find(metric_names.begin(), metric_names.end(), name) -
                                  metric_names.begin());
}

Summary point_summary(const SweepData& sweep, std::size_t point, std::size_t metric) {
  return summarise(sweep.values(point, metric));
}

Summary paired_point_difference(const SweepData& sweep, std::size_t from, std::size_t to,
                                std::size_t metric) {
  return paired_difference(sweep.values(to, metric), sweep.values(from, metric));
}

std::vector<std::size_t> reported_metrics(const SweepData& sweep) {
  std::vector<std::size_t> metrics;
  for (const std::string_view name : kReported) {
    const std::size_t index = sweep.metric(name);
    if (index < sweep.metric_names.size()) metrics.push_back(index);
  }
  return metrics;
}

std::vector<PlotScript> sweep_plots(const SweepData& sweep) {
  std::vector<PlotScript> plots;
  for (std::size_t axis = 0; axis < sweep.axis_keys.size(); ++axis) {
    for (const std::size_t metric : reported_metrics(sweep)) {
      plots.push_back(response_plot(
          sweep, axis, metric, "response-" + std::to_string(axis) + "-" + std::to_string(metric)));
    }
  }
  for (std::size_t axis = 0; axis < sweep.axis_keys.size(); ++axis) {
    if (sweep.axis_keys[axis].find("budget") != std::string::npos && numeric_axis(sweep, axis)) {
      plots.push_back(cost_plot(sweep, axis));
      break;
    }
  }
  return plots;
}

std::string render_sweep_html(const SweepData& sweep, std::span<const PlotScript> plots,
                              std::span<const std::string> svgs, std::string_view lmsim_version) {
  if (plots.size() != svgs.size()) {
    throw std::invalid_argument("render_sweep_html: one SVG per plot is needed");
  }
  const std::string title = "lmsim sweep report: " + sweep.scenario_path;
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<meta name=\"generator\" content=\"lmsim " + html_escape(lmsim_version) + "\">\n";
  html += "<title>" + html_escape(title) + "</title>\n<style>" + kReportStyle +
          "</style>\n</head>\n<body>\n<h1>" + html_escape(title) + "</h1>\n";
  std::size_t failed = 0;
  for (const std::uint8_t ok : sweep.run_ok) failed += ok ? 0 : 1;
  html += paragraph(
      html_escape(std::to_string(sweep.points()) + " points × " + std::to_string(sweep.replicates) +
                  " replicates = " + std::to_string(sweep.run_ok.size()) + " runs" +
                  (failed ? ", " + std::to_string(failed) + " failed" : "") + ", from " +
                  sweep.directory + "."),
      "lead");

  // Provenance.
  html += section_start("provenance", "Provenance");
  Table provenance({"", ""});
  provenance.add({text("scenario"), code(sweep.scenario_path)});
  for (const std::string& key : sweep.axis_keys) provenance.add({text("swept key"), code(key)});
  provenance.add(
      {text("replicates"), text(std::to_string(sweep.replicates) +
                                " per point; replicate r runs with the same seed at every point")});
  if (!sweep.overrides.empty()) provenance.add({text("overrides"), code(sweep.overrides)});
  provenance.add({text("written by"), text("lmsim " + sweep.lmsim_version)});
  html += provenance.html();
  html += "<details><summary>The scenario file</summary><pre>" + html_escape(sweep.scenario_text) +
          "</pre></details>\n" + kSectionEnd;

  // Every point.
  html += section_start("points", "Every point: mean [95% interval]");
  {
    std::vector<std::string> header = sweep.axis_keys;
    const auto metrics = reported_metrics(sweep);
    for (const std::size_t metric : metrics) {
      header.push_back(sweep.metric_names[metric] + " (" + sweep.metric_units[metric] + ")");
    }
    Table table(header);
    for (std::size_t point = 0; point < sweep.points(); ++point) {
      std::vector<Cell> row;
      for (const std::string& value : sweep.point_values[point]) row.push_back(code(value));
      for (const std::size_t metric : metrics) {
        row.push_back(number(interval_text(point_summary(sweep, point, metric))));
      }
      table.add(std::move(row));
    }
    html += table.html(false);
    html += paragraph(
        "All metrics of every run are in sweep.h5 (/runs/metrics) and their "
        "summaries in sweep.csv.",
        "note");
  }
  html += kSectionEnd;

  // Response curves and the cost curve.
  html += section_start("responses", "How the metrics respond");
  for (std::size_t i = 0; i < plots.size(); ++i) html += figure(plots[i], svgs[i]);
  const std::string budget = budget_axis_note(sweep);
  if (budget.empty()) {
    html += paragraph("No budget is swept, so there is no cost curve.", "note");
  }
  html += kSectionEnd;

  // Paired differences along each key.
  html += section_start("differences", "Paired differences between neighbouring points");
  html += paragraph(
      "Replicate r of every point runs with the same seed, so the difference between two points "
      "is measured on the same market draws: its interval (over the replicates' paired "
      "differences) is narrower than the two points' intervals suggest.",
      "note");
  {
    const auto metrics = reported_metrics(sweep);
    std::vector<std::string> header{"from", "to"};
    for (const std::size_t metric : metrics) header.push_back("Δ " + sweep.metric_names[metric]);
    Table table(header);
    for (std::size_t axis = 0; axis < sweep.axis_keys.size(); ++axis) {
      for (const auto& line : lines_of(sweep, axis)) {
        for (std::size_t k = 0; k + 1 < line.size(); ++k) {
          std::vector<Cell> row;
          const auto label = [&](std::size_t point) {
            std::string text;
            for (std::size_t a = 0; a < sweep.axis_keys.size(); ++a) {
              text +=
                  (a == 0 ? "" : ", ") + sweep.axis_keys[a] + "=" + sweep.point_values[point][a];
            }
            return text;
          };
          row.push_back(code(label(line[k])));
          row.push_back(code(label(line[k + 1])));
          for (const std::size_t metric : metrics) {
            row.push_back(number(
                interval_text(paired_point_difference(sweep, line[k], line[k + 1], metric))));
          }
          table.add(std::move(row));
        }
      }
    }
    html += table.html(false);
  }
  html += kSectionEnd;

  if (failed > 0) {
    html += section_start("failed", "Failed runs");
    Table table({"run", "why"});
    for (std::size_t run = 0; run < sweep.run_ok.size(); ++run) {
      if (!sweep.run_ok[run]) table.add({text(std::to_string(run)), code(sweep.run_error[run])});
    }
    html += table.html() + kSectionEnd;
  }

  html += section_start("definitions", "Definitions");
  html += paragraph(
      "Each metric is a run's headline figure (docs/sweeps.md lists them; docs/metrics.md "
      "defines each). The interval is the two-sided 95% Student-t interval of the mean over the "
      "replicates that finished; with fewer than two it is undefined (–).");
  html += kSectionEnd;
  html += "\n<footer>Written by <code>lmsim report</code> (lmsim " + html_escape(lmsim_version) +
          "). The plots are drawn by gnuplot. The same sweep directory always gives this same "
          "page, byte for byte.</footer>\n</body>\n</html>\n";
  return html;
}

}  // namespace lmsim::analysis
