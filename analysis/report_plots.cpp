#include "analysis/report_plots.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "analysis/report_format.hpp"
#include "analysis/rule_comparison.hpp"
#include "analysis/series_reduction.hpp"
#include "engine/not_a_number.hpp"

namespace lmsim::analysis {

namespace {

/// gnuplot's clustered bars, as every bar chart of the report draws them.
constexpr const char* kClusteredBars =
    "set style data histogram\n"
    "set style histogram clustered gap 1\n"
    "set style fill solid 0.85 border rgb '#333333'\n"
    "set xtics rotate by 40 right\n"
    "set yrange [0:*]\n"
    "set grid noxtics\n";

/// Points per drawn line at most: enough for a smooth curve 900 units wide.
constexpr std::size_t kMaxPoints = 600;
/// Snapshot instants are marked one by one up to this many per run; beyond, marks would merge
/// into a solid band and only inflate the SVG.
constexpr std::size_t kMaxSnapshotMarks = 720;
/// Entities drawn as bars before the rest are summed into one "(others)" bar.
constexpr std::size_t kMaxBars = 30;
/// Entities drawn as their own cumulative line (single run / comparison).
constexpr std::size_t kMaxCumulativeLines = 8;
constexpr std::size_t kMaxCumulativeLinesCompared = 4;
/// Entities labelled by name in the scatter plot.
constexpr std::size_t kMaxScatterLabels = 12;

/// One colour per run (the matplotlib "tab10" order, readable on white and for most colour
/// vision deficiencies when paired with dash types).
constexpr const char* kRunColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                       "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};
/// One colour per entity line, same palette in a different order.
constexpr const char* kSeriesColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                          "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};
constexpr const char* kBidColour = "#1f77b4";
constexpr const char* kAskColour = "#d62728";
constexpr const char* kMidColour = "#333333";

std::string run_colour(std::size_t run) {
  return std::string("rgb '") + kRunColours[run % std::size(kRunColours)] + "'";
}
std::string series_colour(std::size_t series) {
  return std::string("rgb '") + kSeriesColours[series % std::size(kSeriesColours)] + "'";
}
std::string rgb(const char* colour) {
  return std::string("rgb '") + colour + "'";
}

/// Settings every plot shares: a light frame and grid, tics outside.
constexpr const char* kStyle =
    "set border 3 lc rgb '#555555'\n"
    "set tics nomirror out\n"
    "set grid lc rgb '#e3e3e3' lt 1 lw 1\n"
    "set datafile missing 'NaN'\n";

/// The unit of the time axis: minutes, hours or days, whichever keeps the longest campaign
/// window between about 1 and 100 units... of the runs shown.
struct TimeAxis {
  engine::Nanos unit;
  std::string label;
};

TimeAxis time_axis(std::span<const ReportRun> runs) {
  engine::Nanos longest = 0;
  for (const ReportRun& run : runs) {
    longest = std::max(longest, run.metrics.window.end - run.metrics.window.start);
  }
  const std::string since =
      runs.size() > 1 ? " since each run's campaign start" : " since the campaign start";
  if (longest <= 3 * engine::kNanosPerHour) return {engine::kNanosPerMinute, "minutes" + since};
  if (longest <= 3 * engine::kNanosPerDay) return {engine::kNanosPerHour, "hours" + since};
  return {engine::kNanosPerDay, "days" + since};
}

double axis_x(engine::Nanos time, engine::Nanos origin, const TimeAxis& axis) {
  return static_cast<double>(time - origin) / static_cast<double>(axis.unit);
}

/// How a run is named in a legend: "A: " before an entry, or nothing in a single-run report.
std::string legend_prefix(const ReportRun& run) {
  return run.label.empty() ? std::string() : run.label + ": ";
}

/// A datablock of (x, y) rows.
std::string xy_block(const std::string& name, const std::vector<double>& x,
                     const std::vector<double>& y) {
  std::string block = name + " << EOD\n";
  for (std::size_t i = 0; i < x.size(); ++i) {
    block += gnuplot_number(x[i]) + " " + gnuplot_number(y[i]) + "\n";
  }
  return block + "EOD\n";
}

/// A time series thinned to the plot and mapped onto the time axis, as an (x, y) datablock.
std::string series_block(const std::string& name, const ReportRun& run,
                         std::span<const engine::Nanos> times, std::span<const double> values,
                         BucketReduction reduction, const TimeAxis& axis) {
  const TimeWindow& window = run.metrics.window;
  const ReducedSeries reduced =
      reduce_series(times, values, window.start, window.end, kMaxPoints, reduction);
  std::vector<double> x(reduced.time.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = axis_x(reduced.time[i], window.start, axis);
  return xy_block(name, x, reduced.value);
}

std::string plot_header(const TimeAxis* axis, const std::string& ylabel) {
  std::string commands = kStyle;
  if (axis != nullptr) commands += "set xlabel " + gnuplot_string(axis->label) + "\n";
  commands += "set ylabel " + gnuplot_string(ylabel) + "\n";
  return commands;
}

/// Entities ranked by reward (descending, then by name) in `run`.
std::vector<const ParticipantMetrics*> ranked_entities(const ReportRun& run) {
  std::vector<const ParticipantMetrics*> ranked;
  for (const ParticipantMetrics& entity : run.metrics.entities) ranked.push_back(&entity);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto* a, const auto* b) { return a->reward > b->reward; });
  return ranked;
}

/// The entity names of every run, ranked by their largest reward in any run (then by name).
std::vector<std::string> entity_ranking(std::span<const ReportRun> runs) {
  std::map<std::string, double> best;
  for (const ReportRun& run : runs) {
    for (const ParticipantMetrics& entity : run.metrics.entities) {
      auto [it, inserted] = best.emplace(entity.name, entity.reward);
      if (!inserted) it->second = std::max(it->second, entity.reward);
    }
  }
  std::vector<std::pair<std::string, double>> ranked(best.begin(), best.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> names;
  for (const auto& entry : ranked) names.push_back(entry.first);
  return names;
}

double entity_reward(const ReportRun& run, const std::string& name) {
  for (const ParticipantMetrics& entity : run.metrics.entities) {
    if (entity.name == name) return entity.reward;
  }
  return 0.0;
}

std::string reward_unit(std::span<const ReportRun> runs) {
  return runs.front().data.campaign.reward_token;
}

PlotScript rewards_by_entity(std::span<const ReportRun> runs) {
  const std::vector<std::string> names = entity_ranking(runs);
  const std::size_t shown = names.size() > kMaxBars ? kMaxBars - 1 : names.size();
  std::string block = "$rewards << EOD\n";
  for (std::size_t i = 0; i < shown; ++i) {
    block += gnuplot_data_string(names[i]);
    for (const ReportRun& run : runs) block += " " + gnuplot_number(entity_reward(run, names[i]));
    block += "\n";
  }
  if (shown < names.size()) {
    block += gnuplot_data_string("(" + std::to_string(names.size() - shown) + " others)");
    for (const ReportRun& run : runs) {
      double rest = 0.0;
      for (std::size_t i = shown; i < names.size(); ++i) rest += entity_reward(run, names[i]);
      block += " " + gnuplot_number(rest);
    }
    block += "\n";
  }
  block += "EOD\n";
  std::string commands = block + plot_header(nullptr, "reward (" + reward_unit(runs) + ")");
  commands += kClusteredBars;
  commands += runs.size() > 1 ? "set key top right\n" : "unset key\n";
  commands += "plot ";
  for (std::size_t r = 0; r < runs.size(); ++r) {
    if (r > 0) commands += ", \\\n     ";
    commands += "$rewards using " + std::to_string(r + 2) + (r == 0 ? ":xtic(1)" : "") + " lc " +
                run_colour(r) + " title " + gnuplot_string(runs[r].label);
  }
  commands += "\n";
  PlotScript plot;
  plot.id = kRewardsByEntityPlot;
  plot.title = "Rewards by entity";
  plot.caption = "Total reward of each entity (all its accounts), largest first" +
                 std::string(runs.size() > 1 ? ", one bar per run" : "") + ".";
  plot.height = 420;
  plot.commands = commands;
  return plot;
}

/// The cumulative reward (tokens) of `accounts` of `run` after each snapshot.
std::vector<double> cumulative_reward(const ReportRun& run,
                                      const std::vector<std::size_t>& accounts) {
  const Matrix<std::int64_t>& rewards = run.data.snapshot_miner.reward;
  std::vector<double> cumulative(rewards.rows);
  std::int64_t total = 0;
  for (std::size_t k = 0; k < rewards.rows; ++k) {
    for (const std::size_t account : accounts) total += rewards.at(k, account);
    cumulative[k] = tokens(total, run.data.campaign.reward_decimals);
  }
  return cumulative;
}

PlotScript cumulative_rewards(std::span<const ReportRun> runs, const TimeAxis& axis) {
  const std::size_t lines = runs.size() > 1 ? kMaxCumulativeLinesCompared : kMaxCumulativeLines;
  std::vector<std::string> names = entity_ranking(runs);
  const std::size_t total = names.size();
  const bool others = total > lines;
  if (others) names.resize(lines);
  std::string blocks;
  std::string plot_command = "plot ";
  bool first = true;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const ReportRun& run = runs[r];
    const std::vector<Participant> entities = entity_participants(run.data);
    std::vector<std::pair<std::string, std::vector<std::size_t>>> series;
    for (const std::string& name : names) {
      const auto it = std::find_if(entities.begin(), entities.end(),
                                   [&](const Participant& p) { return p.name == name; });
      series.emplace_back(name, it == entities.end() ? std::vector<std::size_t>() : it->accounts);
    }
    for (std::size_t s = 0; s < series.size(); ++s) {
      const std::string name = "$cumulative_" + std::to_string(r) + "_" + std::to_string(s);
      const std::vector<double> values = cumulative_reward(run, series[s].second);
      const ReducedSeries reduced =
          reduce_series(run.data.snapshots.time, values, run.metrics.window.start,
                        run.metrics.window.end, kMaxPoints, BucketReduction::kLast);
      // From 0 at the campaign start to the total at its end, so every line spans the window.
      std::vector<double> x{0.0};
      std::vector<double> y{0.0};
      for (std::size_t i = 0; i < reduced.time.size(); ++i) {
        x.push_back(axis_x(reduced.time[i], run.metrics.window.start, axis));
        y.push_back(reduced.value[i]);
      }
      x.push_back(axis_x(run.metrics.window.end, run.metrics.window.start, axis));
      y.push_back(y.back());
      blocks += xy_block(name, x, y);
      plot_command += std::string(first ? "" : ", \\\n     ") + name +
                      " using 1:2 with steps lw 1.5 lc " + series_colour(s) + " dt " +
                      std::to_string(r + 1) + " title " +
                      gnuplot_string(legend_prefix(run) + series[s].first);
      first = false;
    }
  }
  PlotScript plot;
  plot.id = kCumulativeRewardsPlot;
  plot.title = "Cumulative rewards over time";
  plot.caption = "Reward paid to each of the " + std::to_string(names.size()) +
                 " best-paid entities" + (others ? " (of " + std::to_string(total) + ")" : "") +
                 " up to each snapshot" +
                 (runs.size() > 1 ? "; line style tells the runs apart" : "") + ".";
  plot.height = 420;
  plot.commands = blocks + plot_header(&axis, "cumulative reward (" + reward_unit(runs) + ")") +
                  "set key outside right top vertical\nset yrange [0:*]\n" + plot_command + "\n";
  return plot;
}

PlotScript lorenz(std::span<const ReportRun> runs) {
  std::string blocks;
  std::string plot_command = "plot x with lines dt 2 lc rgb '#888888' title 'equal split (Gini 0)'";
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const FairnessMetrics& fairness = runs[r].metrics.entity_fairness;
    std::vector<double> x;
    std::vector<double> y;
    for (const LorenzPoint& point : fairness.lorenz) {
      x.push_back(100.0 * point.population_share);
      y.push_back(100.0 * point.value_share);
    }
    const std::string name = "$lorenz_" + std::to_string(r);
    blocks += xy_block(name, x, y);
    plot_command +=
        ", \\\n     " + name + " using 1:2 with linespoints pt 7 ps 0.5 lw 1.5 lc " +
        run_colour(r) + " title " +
        gnuplot_string(legend_prefix(runs[r]) + "Gini " + format_fixed(fairness.gini, 3));
  }
  PlotScript plot;
  plot.id = kLorenzPlot;
  plot.title = "Lorenz curve of rewards across entities";
  plot.caption =
      "Entities sorted from the least to the best paid: the share of all rewards held by the "
      "poorest x% of them. The diagonal is an equal split; the further below it, the more "
      "concentrated the rewards (Gini = 1 − 2 × the area under the curve).";
  plot.width = 620;
  plot.height = 520;
  plot.commands = blocks + plot_header(nullptr, "share of all rewards (%)") +
                  "set xlabel 'entities, least paid first (% of entities)'\n"
                  "set xrange [0:100]\nset yrange [0:100]\nset size square\n"
                  "set key top left reverse Left\n" +
                  plot_command + "\n";
  return plot;
}

PlotScript reward_vs_contribution(std::span<const ReportRun> runs) {
  std::string blocks;
  std::string plot_command =
      "plot x with lines dt 2 lc rgb '#888888' title 'reward = contribution'";
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const ReportRun& run = runs[r];
    const std::vector<const ParticipantMetrics*> ranked = ranked_entities(run);
    std::string block = "$scatter_" + std::to_string(r) + " << EOD\n";
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      const bool labelled = runs.size() == 1 && i < kMaxScatterLabels;
      block += gnuplot_data_string(labelled ? ranked[i]->name : "") + " " +
               gnuplot_number(100.0 * ranked[i]->contribution_share) + " " +
               gnuplot_number(100.0 * ranked[i]->reward_share) + "\n";
    }
    blocks += block + "EOD\n";
    const std::string name = "$scatter_" + std::to_string(r);
    plot_command += ", \\\n     " + name + " using 2:3 with points pt " +
                    std::to_string(7 + 2 * static_cast<int>(r % 4)) + " ps 1.1 lc " +
                    run_colour(r) + " title " +
                    gnuplot_string(run.label.empty() ? "entity" : run.label + ": entities");
    if (runs.size() == 1) {
      plot_command += ", \\\n     " + name +
                      " using 2:3:1 with labels left offset char 0.8,0.4 font ',10' "
                      "tc rgb '#333333' notitle";
    }
  }
  PlotScript plot;
  plot.id = kRewardVsContributionPlot;
  plot.title = "Reward share vs contribution share";
  plot.caption =
      "Each entity's share of all rewards against its share of the spread-weighted eligible "
      "size Σ a·ρ(s) over all snapshots (its contribution). On the diagonal an entity is paid "
      "exactly for what it contributed; above it, more.";
  plot.width = 620;
  plot.height = 520;
  // Equal axes, so that the diagonal is at 45° and distances from it compare across the plot.
  double largest = 0.0;
  for (const ReportRun& run : runs) {
    for (const ParticipantMetrics& entity : run.metrics.entities) {
      for (const double share : {entity.reward_share, entity.contribution_share}) {
        if (std::isfinite(share)) largest = std::max(largest, 100.0 * share);
      }
    }
  }
  const std::string limit = gnuplot_number(largest > 0.0 ? std::min(100.0, largest * 1.1) : 100.0);
  plot.commands = blocks + plot_header(nullptr, "share of rewards (%)") +
                  "set xlabel 'share of contribution (%)'\nset xrange [0:" + limit +
                  "]\nset yrange [0:" + limit +
                  "]\nset size square\nset key top left reverse Left\n" + plot_command + "\n";
  return plot;
}

/// Per snapshot: mid × (1 − tightest eligible bid spread) and mid × (1 + tightest ask spread)
/// across all miners (NaN when no miner had an eligible order on the side).
void quote_band(const ReportRun& run, std::vector<double>& lower, std::vector<double>& upper) {
  const SnapshotMinerData& matrices = run.data.snapshot_miner;
  const std::size_t snapshots = run.data.snapshots.size();
  lower.assign(snapshots, kNaN);
  upper.assign(snapshots, kNaN);
  for (std::size_t k = 0; k < snapshots; ++k) {
    double bid = kNaN;
    double ask = kNaN;
    for (std::size_t i = 0; i < matrices.best_spread_bid.columns; ++i) {
      bid = std::fmin(bid, matrices.best_spread_bid.at(k, i));
      ask = std::fmin(ask, matrices.best_spread_ask.at(k, i));
    }
    const double mid = run.data.snapshots.mid[k];
    lower[k] = mid * (1.0 - bid);
    upper[k] = mid * (1.0 + ask);
  }
}

PlotScript quote_band_plot(std::span<const ReportRun> runs, const TimeAxis& axis) {
  std::string blocks;
  std::string plot_command = "plot ";
  bool marks = true;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const ReportRun& run = runs[r];
    const std::string suffix = "_" + std::to_string(r);
    std::vector<double> lower;
    std::vector<double> upper;
    quote_band(run, lower, upper);
    blocks += series_block("$mid" + suffix, run, run.data.market.time, run.data.market.mid,
                           BucketReduction::kMean, axis);
    blocks += series_block("$lower" + suffix, run, run.data.snapshots.time, lower,
                           BucketReduction::kMean, axis);
    blocks += series_block("$upper" + suffix, run, run.data.snapshots.time, upper,
                           BucketReduction::kMean, axis);
    const bool single = runs.size() == 1;
    const std::string prefix = legend_prefix(run);
    const std::string separator = r == 0 ? "" : ", \\\n     ";
    plot_command += separator + "$mid" + suffix + " using 1:2 with lines lw 1.5 lc " +
                    (single ? rgb(kMidColour) : run_colour(r)) + " title " +
                    gnuplot_string(prefix + "market mid");
    plot_command += ", \\\n     $lower" + suffix + " using 1:2 with lines dt 2 lc " +
                    (single ? rgb(kBidColour) : run_colour(r)) + " title " +
                    gnuplot_string(prefix + "tightest eligible bid");
    plot_command += ", \\\n     $upper" + suffix + " using 1:2 with lines dt 4 lc " +
                    (single ? rgb(kAskColour) : run_colour(r)) + " title " +
                    gnuplot_string(prefix + "tightest eligible ask");
    if (run.data.snapshots.size() <= kMaxSnapshotMarks) {
      std::vector<double> x;
      for (const engine::Nanos time : run.data.snapshots.time) {
        x.push_back(axis_x(time, run.metrics.window.start, axis));
      }
      blocks += xy_block("$snap" + suffix, x, run.data.snapshots.mid);
      plot_command += ", \\\n     $snap" + suffix + " using 1:2 with points pt " +
                      std::to_string(7 + 2 * static_cast<int>(r % 4)) + " ps 0.6 lc " +
                      (single ? rgb("#2ca02c") : run_colour(r)) + " title " +
                      gnuplot_string(prefix + "snapshot instants");
    } else {
      marks = false;
    }
  }
  PlotScript plot;
  plot.id = kQuoteBandPlot;
  plot.title = "Mid price and the miners' quote band";
  plot.caption =
      "The market mid and, at each snapshot, the band between the tightest eligible bid and "
      "ask any miner had: mid × (1 − best bid spread) and mid × (1 + best ask spread)." +
      std::string(marks ? " Dots mark the snapshot instants (one at a random instant of every "
                          "snapshot interval)."
                        : " Snapshots are too many to mark one by one; the band is averaged "
                          "over time buckets.");
  plot.height = 420;
  plot.commands = blocks +
                  plot_header(&axis, "price (" + pair_assets(runs.front().data.pair).quote + ")") +
                  "set key below horizontal\n" + plot_command + "\n";
  return plot;
}

PlotScript eligible_depth(std::span<const ReportRun> runs, const TimeAxis& axis) {
  std::string blocks;
  std::string plot_command = "plot ";
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const ReportRun& run = runs[r];
    const SnapshotMinerData& matrices = run.data.snapshot_miner;
    const std::size_t snapshots = run.data.snapshots.size();
    std::vector<double> bid(snapshots, 0.0);
    std::vector<double> ask(snapshots, 0.0);
    for (std::size_t k = 0; k < snapshots; ++k) {
      for (std::size_t i = 0; i < matrices.eligible_amount_bid.columns; ++i) {
        bid[k] += matrices.eligible_amount_bid.at(k, i);
        ask[k] += matrices.eligible_amount_ask.at(k, i);
      }
    }
    const std::string suffix = "_" + std::to_string(r);
    blocks += series_block("$bid" + suffix, run, run.data.snapshots.time, bid,
                           BucketReduction::kMean, axis);
    blocks += series_block("$ask" + suffix, run, run.data.snapshots.time, ask,
                           BucketReduction::kMean, axis);
    const bool single = runs.size() == 1;
    plot_command += std::string(r == 0 ? "" : ", \\\n     ") + "$bid" + suffix +
                    " using 1:2 with lines lw 1.5 lc " +
                    (single ? rgb(kBidColour) : run_colour(r)) + " title " +
                    gnuplot_string(legend_prefix(run) + "bid");
    plot_command += ", \\\n     $ask" + suffix + " using 1:2 with lines lw 1.5 dt 2 lc " +
                    (single ? rgb(kAskColour) : run_colour(r)) + " title " +
                    gnuplot_string(legend_prefix(run) + "ask");
  }
  PlotScript plot;
  plot.id = kEligibleDepthPlot;
  plot.title = "Eligible depth at the snapshots";
  plot.caption =
      "The size of all miners' orders that were eligible for rewards (within the campaign's "
      "maximum spread) at each snapshot, per side, unweighted by spread. Long runs are averaged "
      "over time buckets.";
  plot.commands =
      blocks +
      plot_header(&axis, "eligible size (" + pair_assets(runs.front().data.pair).base + ")") +
      "set key below horizontal\nset yrange [0:*]\n" + plot_command + "\n";
  return plot;
}

/// The with/without plot of one market series computed per sample by `value`.
template <typename Value>
PlotScript with_without(std::span<const ReportRun> runs, const TimeAxis& axis, std::string_view id,
                        const std::string& title, const std::string& ylabel, Value value) {
  std::string blocks;
  std::string plot_command = "plot ";
  bool any_baseline = false;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const ReportRun& run = runs[r];
    const std::string suffix = "_" + std::to_string(r);
    const std::string separator = r == 0 ? "" : ", \\\n     ";
    const std::vector<double> with = value(run.data.market);
    blocks += series_block("$with" + suffix, run, run.data.market.time, with,
                           BucketReduction::kMean, axis);
    plot_command += separator + "$with" + suffix + " using 1:2 with lines lw 1.5 lc " +
                    run_colour(r) + " title " +
                    gnuplot_string(legend_prefix(run) + "with the campaign");
    if (run.data.baseline) {
      any_baseline = true;
      const std::vector<double> without = value(*run.data.baseline);
      blocks += series_block("$without" + suffix, run, run.data.baseline->time, without,
                             BucketReduction::kMean, axis);
      plot_command += ", \\\n     $without" + suffix + " using 1:2 with lines lw 1.5 dt 2 lc " +
                      (runs.size() == 1 ? rgb("#7f7f7f") : run_colour(r)) + " title " +
                      gnuplot_string(legend_prefix(run) + "without (baseline)");
    }
  }
  PlotScript plot;
  plot.id = id;
  plot.title = title;
  plot.caption = any_baseline ? "The market with the miners (solid) and the same scenario and "
                                "seed run without them (dashed): the difference is what the "
                                "campaign bought. Long runs are averaged over time buckets."
                              : "The market with the miners. No baseline run was recorded "
                                "(lmsim run --no-baseline), so there is nothing to compare with.";
  plot.commands =
      blocks + plot_header(&axis, ylabel) + "set key below horizontal\n" + plot_command + "\n";
  return plot;
}

}  // namespace

namespace {

/// Whether a line of a datablock is a point gnuplot can draw: it has numbers and none is NaN
/// (its quoted label, if any, aside).
bool drawable_line(std::string_view line) {
  if (!line.empty() && line.front() == '"') {
    const std::size_t end = line.find('"', 1);
    line = end == std::string_view::npos ? std::string_view() : line.substr(end + 1);
  }
  bool any = false;
  std::size_t at = 0;
  while (at < line.size()) {
    const std::size_t start = line.find_first_not_of(' ', at);
    if (start == std::string_view::npos) break;
    const std::size_t end = std::min(line.find(' ', start), line.size());
    if (line.substr(start, end - start) == "NaN") return false;
    any = true;
    at = end;
  }
  return any;
}

/// Whether any datablock of `plot` holds a point to draw: gnuplot cannot scale an axis over
/// none, and stops.
bool has_points(const PlotScript& plot) {
  std::string_view commands = plot.commands;
  bool inside = false;
  while (!commands.empty()) {
    const std::size_t end = std::min(commands.find('\n'), commands.size());
    const std::string_view line = commands.substr(0, end);
    commands.remove_prefix(std::min(end + 1, commands.size()));
    if (!inside) {
      inside = line.size() > 8 && line.front() == '$' && line.ends_with(" << EOD");
    } else if (line == "EOD") {
      inside = false;
    } else if (drawable_line(line)) {
      return true;
    }
  }
  return false;
}

/// `plot` drawn as an empty frame saying why, for data with nothing to draw (a book that never
/// had a mid, a campaign nobody quoted into).
PlotScript without_points(PlotScript plot) {
  plot.caption += " (Nothing to draw: the run recorded no value for it.)";
  plot.commands =
      "set xrange [0:1]\nset yrange [0:1]\nunset xtics\nunset ytics\nunset key\n"
      "set label 1 'no data' at 0.5,0.5 center\nplot 2 notitle\n";
  return plot;
}

}  // namespace

/// Each adversary's gaming premium under each rule (bars clustered by adversary, one colour per
/// rule), for every run scored by the same rules as the first run scored by several; nullopt
/// when no run has several rules and an adversary.
std::optional<PlotScript> gaming_premium(std::span<const ReportRun> runs) {
  std::vector<std::string> rules;
  std::string block = "$premiums << EOD\n";
  std::size_t rows = 0;
  for (const ReportRun& run : runs) {
    const RuleComparison comparison = compare_rules(run.metrics);
    if (comparison.rows.size() < 2 || comparison.adversaries.empty()) continue;
    std::vector<std::string> names;
    for (const RuleComparisonRow& row : comparison.rows) names.push_back(row.name);
    if (rules.empty()) rules = names;
    if (names != rules) continue;  // bars of one colour must mean one rule
    for (std::size_t a = 0; a < comparison.adversaries.size(); ++a) {
      const std::string& name = comparison.adversaries[a];
      block += gnuplot_data_string(run.label.empty() ? name : name + " (" + run.label + ")");
      for (const RuleComparisonRow& row : comparison.rows) {
        // +∞ (paid with no useful liquidity) has no bar.
        block += " " + gnuplot_number(std::isfinite(row.premiums[a]) ? row.premiums[a] : kNaN);
      }
      block += "\n";
      ++rows;
    }
  }
  if (rows == 0) return std::nullopt;
  block += "EOD\n";
  std::string commands = block + plot_header(nullptr, "gaming premium (1 = paid like the honest)");
  commands += std::string(kClusteredBars) +
              "set key top left\n"
              "set arrow from graph 0, first 1 to graph 1, first 1 nohead lc rgb '#555555' dt 2\n"
              "plot ";
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (r > 0) commands += ", \\\n     ";
    commands += "$premiums using " + std::to_string(r + 2) + (r == 0 ? ":xtic(1)" : "") + " lc " +
                series_colour(r) + " title " + gnuplot_string(rules[r]);
  }
  commands += "\n";
  PlotScript plot;
  plot.id = kGamingPremiumPlot;
  plot.title = "Gaming premium of each adversary, by rule";
  plot.caption =
      "Each entity not named honest: its reward per unit of useful liquidity ÷ the honest "
      "makers' median, under every rule that scored the run (dashed: 1, paid like them)" +
      std::string(runs.size() > 1 ? "; the run's label after each name" : "") + ".";
  plot.height = 420;
  plot.commands = commands;
  return plot;
}

std::vector<PlotScript> report_plots(std::span<const ReportRun> runs) {
  if (runs.empty()) throw std::invalid_argument("report_plots: no run");
  const TimeAxis axis = time_axis(runs);
  const std::string base = pair_assets(runs.front().data.pair).base;
  std::vector<PlotScript> plots;
  // A campaign nobody mined (a baseline run) has no rewards or quotes to draw.
  const bool any_miner = std::any_of(runs.begin(), runs.end(),
                                     [](const ReportRun& run) { return !run.data.miners.empty(); });
  if (any_miner) {
    plots.push_back(rewards_by_entity(runs));
    plots.push_back(cumulative_rewards(runs, axis));
    plots.push_back(lorenz(runs));
    plots.push_back(reward_vs_contribution(runs));
    if (auto premiums = gaming_premium(runs)) plots.push_back(std::move(*premiums));
    plots.push_back(quote_band_plot(runs, axis));
    plots.push_back(eligible_depth(runs, axis));
  }
  plots.push_back(with_without(
      runs, axis, kDepthWithWithoutPlot,
      "Depth within ±1% of the mid, with vs without the campaign",
      "bid + ask size within ±1% (" + base + ")", [](const MarketSeries& market) {
        std::vector<double> depth(market.size());
        for (std::size_t i = 0; i < depth.size(); ++i) {
          depth[i] =
              std::isnan(market.mid[i]) ? kNaN : market.depth_bid[1][i] + market.depth_ask[1][i];
        }
        return depth;
      }));
  plots.push_back(with_without(
      runs, axis, kSpreadWithWithoutPlot, "Quoted spread, with vs without the campaign",
      "best ask − best bid (bp of the mid)", [](const MarketSeries& market) {
        std::vector<double> spread(market.size(), kNaN);
        for (std::size_t i = 0; i < spread.size(); ++i) {
          if (std::isfinite(market.mid[i]) && market.mid[i] > 0.0) {
            spread[i] = (market.best_ask[i] - market.best_bid[i]) / market.mid[i] * 1e4;
          }
        }
        return spread;
      }));
  for (PlotScript& plot : plots) {
    if (!has_points(plot)) plot = without_points(std::move(plot));
  }
  return plots;
}

}  // namespace lmsim::analysis
