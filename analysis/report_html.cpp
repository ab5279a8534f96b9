#include "analysis/report_html.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <vector>

#include "analysis/html_page.hpp"
#include "analysis/market_realism.hpp"
#include "analysis/participation.hpp"
#include "analysis/report_format.hpp"
#include "analysis/report_plots.hpp"
#include "analysis/rule_comparison.hpp"
#include "analysis/scenario_diff.hpp"
#include "analysis/svg_embed.hpp"
#include "engine/not_a_number.hpp"
#include "engine/time_text.hpp"

namespace lmsim::analysis {

namespace {

/// A run's name in headings and column titles: "A (out/quickstart)" or the directory alone.
std::string run_name(const ReportRun& run) {
  if (run.label.empty()) return run.data.provenance.run_directory;
  return run.label + " (" + run.data.provenance.run_directory + ")";
}

/// Column titles: one per run ("value" for a single run).
std::vector<std::string> run_columns(std::span<const ReportRun> runs, std::string first,
                                     std::string_view single = "value") {
  std::vector<std::string> header{std::move(first)};
  for (const ReportRun& run : runs) {
    header.push_back(run.label.empty() ? std::string(single) : run.label);
  }
  return header;
}

// ---- number formatting with units -----------------------------------------------------------

std::string tokens_text(double value, const ReportRun& run) {
  return format_fixed(value, std::min(run.data.campaign.reward_decimals, 6));
}

/// A windowed mean with a note when it is based on part of the window only.
Cell mean_cell(const WindowedMean& mean, int decimals) {
  std::string html = html_escape(format_fixed(mean.mean, decimals));
  if (std::isfinite(mean.mean) && mean.coverage < 0.9995) {
    html +=
        " <span class=\"cov\" title=\"share of the campaign window in which the figure was "
        "defined\">(" +
        html_escape(format_percent(mean.coverage, 1)) + " of the time)</span>";
  }
  return {html, Cell::Kind::kNumber};
}

Cell difference_cell(double with, double without, int decimals) {
  const double difference = with - without;
  std::string text = format_fixed(difference, decimals);
  if (std::isfinite(difference) && difference > 0.0) text = "+" + text;
  return number(text);
}

// ---- sections -------------------------------------------------------------------------------

std::string title_block(std::span<const ReportRun> runs) {
  std::string out;
  const RunData& first = runs.front().data;
  if (runs.size() == 1) {
    out += "<h1>Liquidity-mining campaign report: " + html_escape(first.campaign.name) + " on " +
           html_escape(first.pair) + "</h1>\n";
    out += paragraph(
        "This page describes one simulated run of a liquidity-mining campaign: a sponsor pays a "
        "fixed reward budget, snapshot by snapshot, to the market makers (<em>miners</em>) whose "
        "orders rest near the mid price; lmsim simulated the market, the miners and the "
        "campaign's scoring (" +
            html_escape(first.provenance.scoring_rule) +
            " rule). It says who was paid, how evenly, what liquidity the budget bought compared "
            "with the same market without the miners, and at what cost. Everything below is "
            "computed from the run directory <code>" +
            html_escape(first.provenance.run_directory) +
            "</code>; the definitions of every figure are at the end.",
        "lead");
  } else {
    out +=
        "<h1>Liquidity-mining comparison report: " + std::to_string(runs.size()) + " runs</h1>\n";
    std::string list;
    for (const ReportRun& run : runs) {
      list += "<li><b>" + html_escape(run.label) + "</b>: <code>" +
              html_escape(run.data.provenance.run_directory) + "</code> — campaign " +
              html_escape(run.data.campaign.name) + " on " + html_escape(run.data.pair) +
              ", scenario <code>" + html_escape(run.data.provenance.scenario_path) +
              "</code>, seed " + std::to_string(run.data.provenance.seed) + "</li>\n";
    }
    out += paragraph(
        "This page compares simulated runs of liquidity-mining campaigns side by side: first how "
        "their scenarios differ, then the same tables and plots for each run (a column or a "
        "colour per run). The runs are:",
        "lead");
    out += "<ul>\n" + list + "</ul>\n";
  }
  out += "<nav><ol>\n";
  if (runs.size() > 1) out += "<li><a href=\"#differences\">Scenario differences</a></li>\n";
  for (const auto& [id, name] :
       std::vector<std::pair<std::string, std::string>>{{"provenance", "Provenance"},
                                                        {"headline", "Headline"},
                                                        {"rewards", "Who was paid"},
                                                        {"fairness", "Fairness"},
                                                        {"quotes", "Quotes and eligible depth"},
                                                        {"liquidity", "Liquidity bought"},
                                                        {"economics", "Sponsor economics"},
                                                        {"returns", "Miner returns and risk"},
                                                        {"realism", "Market realism"},
                                                        {"definitions", "Definitions"}}) {
    out += "<li><a href=\"#" + id + "\">" + name + "</a></li>\n";
  }
  return out + "</ol></nav>\n";
}

std::string differences_section(std::span<const ReportRun> runs) {
  std::vector<std::vector<ScenarioEntry>> scenarios;
  for (const ReportRun& run : runs) scenarios.push_back(run.data.scenario);
  const std::vector<ScenarioDifference> differences = scenario_differences(scenarios);
  std::string out = section_start("differences", "Scenario differences");
  out += paragraph(
      "The effective scenarios (after <code>--set</code> overrides) compared key by key. Only "
      "keys whose values differ are listed; “not set” means the run used the key's default.");
  if (differences.empty()) {
    out += paragraph(
        "<b>The effective scenarios are identical.</b> Any difference between the "
        "runs comes from elsewhere (the lmsim version, see the provenance).");
  } else {
    Table table(run_columns(runs, "key"));
    for (const ScenarioDifference& difference : differences) {
      std::vector<Cell> row{code(difference.key)};
      for (const auto& value : difference.values) {
        row.push_back(value ? code(*value) : markup("<span class=\"note\">not set</span>"));
      }
      table.add(std::move(row));
    }
    out += table.html();
  }
  std::vector<std::string> versions;
  for (const ReportRun& run : runs) versions.push_back(run.data.provenance.lmsim_version);
  if (std::adjacent_find(versions.begin(), versions.end(), std::not_equal_to<>()) !=
      versions.end()) {
    out += paragraph(
        "<b>The runs were made by different lmsim versions</b> (see the provenance): "
        "results may also differ because the simulator changed.");
  }
  return out + kSectionEnd;
}

std::string data_files_html(const RunProvenance& provenance) {
  if (provenance.data_files.empty()) {
    if (provenance.source == "synthetic") {
      return "none: a synthetic market generated from the seed (no data file was read)";
    }
    return "none recorded";
  }
  std::string html;
  for (const DataFile& file : provenance.data_files) {
    html += "<code>" + html_escape(file.path) + "</code> ";
    html += file.problem.empty()
                ? "SHA-256 <code>" + html_escape(file.sha256) + "</code>"
                : "<span class=\"note\">(" + html_escape(file.problem) + ")</span>";
    html += "<br>";
  }
  // results.h5 names the files but does not record their checksums; say when these were taken.
  return html +
         "<span class=\"note\">checksums of the files as found when this report was "
         "written</span>";
}

std::string provenance_section(std::span<const ReportRun> runs) {
  std::string out = section_start("provenance", "Provenance");
  out += paragraph(
      "Where the numbers come from. A run is reproduced exactly by running its effective "
      "scenario (below) with the same lmsim version: the same scenario and seed give "
      "byte-identical results. The SHA-256 identifies the exact <code>results.h5</code> this "
      "report was made from.");
  Table table(run_columns(runs, "", ""));
  const auto row = [&](const std::string& name, auto value) {
    std::vector<Cell> cells{text(name)};
    for (const ReportRun& run : runs) cells.push_back(value(run));
    table.add(std::move(cells));
  };
  row("run directory", [](const ReportRun& r) { return code(r.data.provenance.run_directory); });
  row("results.h5 SHA-256",
      [](const ReportRun& r) { return code(r.data.provenance.results_sha256); });
  row("written by", [](const ReportRun& r) {
    return text("lmsim " + r.data.provenance.lmsim_version + " (results schema " +
                std::to_string(r.data.provenance.schema_version) + ")");
  });
  row("scenario file", [](const ReportRun& r) { return code(r.data.provenance.scenario_path); });
  row("seed", [](const ReportRun& r) { return number(std::to_string(r.data.provenance.seed)); });
  row("market", [](const ReportRun& r) {
    return text(r.data.pair + ", " + r.data.provenance.source + " source");
  });
  row("data files", [](const ReportRun& r) { return markup(data_files_html(r.data.provenance)); });
  row("simulated window", [](const ReportRun& r) {
    const RunProvenance& p = r.data.provenance;
    return text(engine::format_timestamp(p.start) + " – " + engine::format_timestamp(p.end) + " (" +
                engine::format_duration(p.end - p.start) + ", clock step " +
                engine::format_duration(p.dt) + ")");
  });
  row("campaign", [](const ReportRun& r) {
    const engine::Campaign& c = r.data.campaign;
    return text(c.name + ": " + std::to_string(c.epochs) + " epoch(s) of " +
                engine::format_duration(c.epoch_length) + " from " +
                engine::format_timestamp(c.epoch_start) + ", a snapshot every " +
                engine::format_duration(c.snapshot_interval));
  });
  row("scoring", [](const ReportRun& r) {
    const engine::RuleConfig& rule = r.data.campaign.scoring_rule();
    std::string parameters;
    for (const engine::ParamInfo& info : rule.params().infos()) {
      if (const auto value = engine::param_text(rule.params(), info)) {
        parameters += (parameters.empty() ? "" : ", ") + info.key + " " + *value;
      }
    }
    return text(std::string(rule.name()) + ": " + parameters);
  });
  row("reward token", [](const ReportRun& r) {
    const std::string price =
        r.data.reward_token_price
            ? format_compact(*r.data.reward_token_price) + " " + pair_assets(r.data.pair).quote +
                  " per token"
            : std::string("price unknown (set [analysis] reward_token_price)");
    return text(r.data.campaign.reward_token + " (" +
                std::to_string(r.data.campaign.reward_decimals) + " decimals); " + price);
  });
  row("baseline run", [](const ReportRun& r) {
    return text(r.data.baseline ? "recorded: the same scenario and seed without the miners"
                                : "not recorded (--no-baseline)");
  });
  row("mark-out horizon",
      [](const ReportRun& r) { return text(engine::format_duration(r.data.markout_horizon)); });
  row("run counters", [](const ReportRun& r) {
    const RunProvenance& p = r.data.provenance;
    return text(format_fixed(static_cast<double>(p.book_events), 0) + " book events, " +
                format_fixed(static_cast<double>(p.agent_wakes), 0) + " agent wake-ups, " +
                format_fixed(static_cast<double>(p.events), 0) + " scheduler events");
  });
  out += table.html();
  for (const ReportRun& run : runs) {
    out += "<details" + std::string(runs.size() == 1 ? " open" : "") +
           "><summary>Effective scenario" +
           (run.label.empty() ? std::string() : " of " + html_escape(run.label)) +
           " (TOML, as run)</summary>\n<pre>" + html_escape(run.data.provenance.scenario_text) +
           "</pre></details>\n";
  }
  return out + kSectionEnd;
}

/// The best-paid entity as "name (12.34%)".
std::string top_entity(const RunMetrics& metrics) {
  const ParticipantMetrics* best = nullptr;
  for (const ParticipantMetrics& entity : metrics.entities) {
    if (best == nullptr || entity.reward > best->reward) best = &entity;
  }
  if (best == nullptr) return std::string(kUndefined);
  return best->name + " (" + format_percent(best->reward_share) + ")";
}

std::string headline_section(std::span<const ReportRun> runs) {
  std::string out = section_start("headline", "Headline");
  out += paragraph(
      "The figures a sponsor asks first. Money is in the reward token; depth in the "
      "base asset; spreads in basis points (1 bp = 0.01%); “without” is the same "
      "scenario and seed run without the miners.");
  Table table(run_columns(runs, "figure"));
  const auto row = [&](const std::string& name, auto value) {
    std::vector<Cell> cells{text(name)};
    for (const ReportRun& run : runs) cells.push_back(value(run));
    table.add(std::move(cells));
  };
  const std::string token = runs.front().data.campaign.reward_token;
  const std::string base = pair_assets(runs.front().data.pair).base;
  row("miner accounts / entities", [](const ReportRun& r) {
    return number(std::to_string(r.metrics.miners.size()) + " / " +
                  std::to_string(r.metrics.entities.size()));
  });
  row("snapshots scored", [](const ReportRun& r) {
    return number(format_fixed(static_cast<double>(r.metrics.snapshots), 0));
  });
  row("budget (" + token + ")",
      [](const ReportRun& r) { return number(tokens_text(r.metrics.sponsor.budget, r)); });
  row("paid to miners (" + token + ")", [](const ReportRun& r) {
    return number(tokens_text(r.metrics.sponsor.spent, r) + " (" +
                  format_percent(r.metrics.sponsor.spent / r.metrics.sponsor.budget, 1) + ")");
  });
  row("best-paid entity (share)", [](const ReportRun& r) { return text(top_entity(r.metrics)); });
  row("Gini of entity rewards",
      [](const ReportRun& r) { return number(format_fixed(r.metrics.entity_fairness.gini, 3)); });
  row("top 10% of entities hold", [](const ReportRun& r) {
    return number(format_percent(r.metrics.entity_fairness.top10pct_share, 1));
  });
  row("quoted spread with / without (bp)", [](const ReportRun& r) {
    return number(format_fixed(r.metrics.liquidity.with.spread_bps.mean, 2) + " / " +
                  format_fixed(r.metrics.liquidity.without.spread_bps.mean, 2));
  });
  row("depth within ±1% with / without (" + base + ")", [](const ReportRun& r) {
    return number(format_fixed(r.metrics.liquidity.with.depth[1].mean, 2) + " / " +
                  format_fixed(r.metrics.liquidity.without.depth[1].mean, 2));
  });
  row("cost per " + base + " of added ±1% depth (" + token + " per day)", [](const ReportRun& r) {
    return number(format_significant(r.metrics.sponsor.cost_per_added_depth[1], 4));
  });
  row("cost per bp of spread reduction (" + token + " per day)", [](const ReportRun& r) {
    return number(format_significant(r.metrics.sponsor.cost_per_spread_bp, 4));
  });
  out += table.html();

  std::string notes;
  for (const ReportRun& run : runs) {
    const std::string who = run.label.empty() ? "" : run.label + ": ";
    if (!run.data.baseline) {
      notes += "<li>" + html_escape(who) +
               "no baseline run was recorded, so nothing is compared “without” the campaign and "
               "no cost per unit of liquidity is defined.</li>\n";
    }
    if (!run.data.reward_token_price) {
      notes += "<li>" + html_escape(who) +
               "the reward token's price is unknown: net PnL and reward yields are not computed "
               "(set <code>[analysis] reward_token_price</code> in the scenario).</li>\n";
    }
    if (run.metrics.sponsor.unallocated > 0.0) {
      notes += "<li>" + html_escape(who) +
               html_escape(tokens_text(run.metrics.sponsor.unallocated, run)) + " " +
               html_escape(run.data.campaign.reward_token) +
               " were not paid out: pools that no miner was eligible for rolled over to the end "
               "of an epoch and return to the sponsor.</li>\n";
    }
    const double reduction = run.metrics.sponsor.spread_reduction_bps;
    if (run.data.baseline && std::isfinite(reduction) && reduction <= 0.0) {
      notes += "<li>" + html_escape(who) +
               "the quoted spread was not narrower with the campaign than without it, so a cost "
               "per bp of spread reduction is not defined.</li>\n";
    }
  }
  if (!notes.empty()) out += "<ul class=\"notes\">\n" + notes + "</ul>\n";
  return out + kSectionEnd;
}

/// Whether every entity is a single account, so that an entity table would repeat the
/// account table.
bool one_account_each(const RunMetrics& metrics) {
  return metrics.entities.size() == metrics.miners.size();
}

/// Rows of a participant table sorted by reward (descending), ties in the given order.
std::vector<const ParticipantMetrics*> by_reward(const std::vector<ParticipantMetrics>& all) {
  std::vector<const ParticipantMetrics*> sorted;
  for (const ParticipantMetrics& participant : all) sorted.push_back(&participant);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* a, const auto* b) { return a->reward > b->reward; });
  return sorted;
}

std::string participants_table(const ReportRun& run, const std::vector<ParticipantMetrics>& all,
                               bool entities) {
  const std::string token = run.data.campaign.reward_token;
  const std::string base = pair_assets(run.data.pair).base;
  Table table({entities ? "entity" : "account", entities ? "accounts" : "strategy",
               "reward (" + token + ")", "share", "uptime bid", "uptime ask",
               "mean eligible bid (" + base + ")", "mean eligible ask (" + base + ")",
               "mean best spread bid", "mean best spread ask", "contribution share",
               "reward ÷ contribution"});
  for (const ParticipantMetrics* p : by_reward(all)) {
    table.add({text(p->name), entities ? number(std::to_string(p->accounts)) : text(p->strategy),
               number(tokens_text(p->reward, run)), number(format_percent(p->reward_share)),
               number(format_percent(p->uptime_bid, 1)), number(format_percent(p->uptime_ask, 1)),
               number(format_fixed(p->mean_eligible_bid, 3)),
               number(format_fixed(p->mean_eligible_ask, 3)),
               number(format_percent(p->mean_best_spread_bid, 3)),
               number(format_percent(p->mean_best_spread_ask, 3)),
               number(format_percent(p->contribution_share)),
               number(format_fixed(p->reward_to_contribution, 3))});
  }
  return table.html();
}

std::string rewards_section(std::span<const ReportRun> runs, const std::vector<std::string>& svg_of,
                            std::span<const PlotScript> plots) {
  std::string out = section_start("rewards", "Who was paid");
  out += paragraph(
      "Rewards per entity (the owner of one or more accounts) and per account, largest first. "
      "<em>Uptime</em> is the share of snapshots at which the side had an eligible order; "
      "<em>mean eligible</em> the eligible order size averaged over all snapshots; <em>mean best "
      "spread</em> the tightest eligible order's distance from the mid, averaged over the "
      "snapshots where there was one; <em>contribution</em> the spread-weighted eligible size "
      "Σ a·ρ(s) summed over snapshots — what the rule pays for. A reward ÷ contribution ratio "
      "above 1 means paid more than the share contributed.");
  for (const ReportRun& run : runs) {
    if (runs.size() > 1) out += "<h3>Run " + html_escape(run_name(run)) + "</h3>\n";
    if (one_account_each(run.metrics)) {
      out += "<h3>Accounts (each its own entity)</h3>\n" +
             participants_table(run, run.metrics.miners, false);
      continue;
    }
    out += "<h3>Entities</h3>\n" + participants_table(run, run.metrics.entities, true);
    out += "<h3>Accounts</h3>\n" + participants_table(run, run.metrics.miners, false);
  }
  for (std::size_t i = 0; i < plots.size(); ++i) {
    if (plots[i].id == kRewardsByEntityPlot || plots[i].id == kCumulativeRewardsPlot) {
      out += figure(plots[i], svg_of[i]);
    }
  }
  return out + kSectionEnd;
}

std::string fairness_section(std::span<const ReportRun> runs,
                             const std::vector<std::string>& svg_of,
                             std::span<const PlotScript> plots) {
  std::string out = section_start("fairness", "Fairness");
  out += paragraph(
      "How evenly the rewards are spread. Across <em>entities</em> is what matters (one owner "
      "splitting its size over many accounts does not make a campaign fairer); across "
      "<em>accounts</em> is shown beside it. Gini: 0 = everyone paid the same, 1 − 1/n = one "
      "holder of everything. Herfindahl: Σ share², 1/n for an equal split. Jain's index of the "
      "reward ÷ contribution ratios: 1 when every participant is paid in exact proportion to "
      "what it contributed. Spearman: rank correlation of reward and contribution (1 = the "
      "larger contributor is always the better paid).");
  std::vector<std::string> header{"measure"};
  for (const ReportRun& run : runs) {
    const std::string prefix = run.label.empty() ? "" : run.label + ": ";
    header.push_back(prefix + "entities");
    header.push_back(prefix + "accounts");
  }
  Table table(header);
  const auto row = [&](const std::string& name, auto value) {
    std::vector<Cell> cells{text(name)};
    for (const ReportRun& run : runs) {
      cells.push_back(value(run.metrics.entity_fairness));
      cells.push_back(value(run.metrics.account_fairness));
    }
    table.add(std::move(cells));
  };
  row("population", [](const FairnessMetrics& f) { return number(std::to_string(f.population)); });
  row("Gini coefficient of rewards",
      [](const FairnessMetrics& f) { return number(format_fixed(f.gini, 3)); });
  row("Herfindahl index Σ share²",
      [](const FairnessMetrics& f) { return number(format_fixed(f.herfindahl, 4)); });
  row("normalised Herfindahl",
      [](const FairnessMetrics& f) { return number(format_fixed(f.herfindahl_normalised, 4)); });
  row("share of the best paid",
      [](const FairnessMetrics& f) { return number(format_percent(f.top1_share)); });
  row("share of the top 10%", [](const FairnessMetrics& f) {
    return number(format_percent(f.top10pct_share) + " (" + std::to_string(f.top10pct_count) +
                  " of " + std::to_string(f.population) + ")");
  });
  row("Jain's index of reward ÷ contribution", [](const FairnessMetrics& f) {
    return number(format_fixed(f.jain_ratio, 3) + " (n = " + std::to_string(f.jain_population) +
                  ")");
  });
  row("Spearman ρ(reward, contribution)", [](const FairnessMetrics& f) {
    return number(format_fixed(f.spearman_reward_contribution, 3));
  });
  out += table.html();
  for (std::size_t i = 0; i < plots.size(); ++i) {
    if (plots[i].id == kLorenzPlot || plots[i].id == kRewardVsContributionPlot) {
      out += figure(plots[i], svg_of[i]);
    }
  }
  return out + kSectionEnd;
}

/// A figure of a rule comparison, marked when its row wins the column.
Cell compared(double value, int decimals, bool winner) {
  const std::string formatted = format_fixed(value, decimals);
  if (!winner) return number(formatted);
  return {"<b>" + html_escape(formatted) + " ★</b>", Cell::Kind::kNumber};
}

std::string rules_section(std::span<const ReportRun> runs, const std::vector<std::string>& svg_of,
                          std::span<const PlotScript> plots) {
  std::string out = section_start("rules", "Rules compared");
  const std::string token = runs.front().data.campaign.reward_token;
  const std::string base = pair_assets(runs.front().data.pair).base;
  out += paragraph(
      "Every rule that scored the run, on the same snapshots, orders and fills: the campaign's "
      "own rule, which paid the miners, and each <code>[[campaign.also_score]]</code> rule. "
      "Gini of the entities' rewards; Gini of their reward per unit of useful liquidity and of "
      "risk (0 = everyone paid alike per unit, definitions in docs/metrics.md §8b); each "
      "adversary's gaming premium — its reward per unit of useful liquidity ÷ the median of the "
      "honest makers (<code>[analysis] honest</code>): 1 = paid like them, above 1 = paid more "
      "for the same useful liquidity; and what the rule's payments cost per unit of depth the "
      "campaign added within ±1% of the mid (the same depth under every rule: the miners "
      "quoted once). Lower is better in every column; ★ marks each column's winner (none where "
      "rules tie).");
  for (const ReportRun& run : runs) {
    const RuleComparison comparison = compare_rules(run.metrics);
    if (comparison.rows.size() < 2) continue;
    if (runs.size() > 1) out += "<h3>" + html_escape(run_name(run)) + "</h3>\n";
    std::vector<std::string> header{"rule", "paid (" + token + ")", "Gini of entity rewards",
                                    "Gini of reward ÷ useful liquidity", "Gini of reward ÷ risk"};
    for (const std::string& adversary : comparison.adversaries) {
      header.push_back("premium: " + adversary);
    }
    header.push_back(token + " per day per " + base + " of depth (±1%)");
    Table table(header);
    for (std::size_t i = 0; i < comparison.rows.size(); ++i) {
      const RuleComparisonRow& row = comparison.rows[i];
      const std::string label = row.name == row.rule ? row.name : row.name + " (" + row.rule + ")";
      std::vector<Cell> cells{
          text(i == 0 ? label + ", paid" : label), number(tokens_text(row.paid, run)),
          compared(row.gini_rewards, 3, comparison.winner_gini_rewards == i),
          compared(row.gini_reward_per_useful, 3, comparison.winner_gini_reward_per_useful == i),
          compared(row.gini_reward_per_risk, 3, comparison.winner_gini_reward_per_risk == i)};
      for (std::size_t a = 0; a < comparison.adversaries.size(); ++a) {
        cells.push_back(compared(row.premiums[a], 2, comparison.winner_premium[a] == i));
      }
      cells.push_back(compared(row.cost_per_depth, 3, comparison.winner_cost_per_depth == i));
      table.add(std::move(cells));
    }
    out += table.html();
    if (comparison.adversaries.empty()) {
      out += paragraph(
          "No premiums: every entity is honest (name the honest groups in <code>[analysis] "
          "honest</code> to measure the others against them).",
          "note");
    }
  }
  for (std::size_t i = 0; i < plots.size(); ++i) {
    if (plots[i].id == kGamingPremiumPlot) out += figure(plots[i], svg_of[i]);
  }
  return out + kSectionEnd;
}

/// Whether some run was scored by more than one rule.
bool several_rules(std::span<const ReportRun> runs) {
  return std::any_of(runs.begin(), runs.end(),
                     [](const ReportRun& run) { return run.metrics.rules.size() > 1; });
}

std::string quotes_section(const std::vector<std::string>& svg_of,
                           std::span<const PlotScript> plots) {
  std::string out = section_start("quotes", "Quotes and eligible depth");
  out += paragraph(
      "What the miners offered at the snapshots, the only instants that are paid: how close to "
      "the mid their best eligible quotes were, and how much size was eligible.");
  for (std::size_t i = 0; i < plots.size(); ++i) {
    if (plots[i].id == kQuoteBandPlot || plots[i].id == kEligibleDepthPlot) {
      out += figure(plots[i], svg_of[i]);
    }
  }
  return out + kSectionEnd;
}

std::string liquidity_section(std::span<const ReportRun> runs,
                              const std::vector<std::string>& svg_of,
                              std::span<const PlotScript> plots) {
  std::string out = section_start("liquidity", "Liquidity bought");
  const std::string base = pair_assets(runs.front().data.pair).base;
  const std::string quote = pair_assets(runs.front().data.pair).quote;
  out += paragraph(
      "The market a taker met, averaged over the campaign window (time-weighted over the "
      "market samples), with the campaign and without it (the same scenario and seed run "
      "without the miners), and the difference. Depth counts bid and ask size within the band "
      "around the mid. Slippage is the whitepaper's S = Σ|p − mid|·v / (V·mid) of a market "
      "order of size V, in bp; it is undefined while the book cannot fill the order, and the "
      "share of time it was defined is shown when it is not all of it.");
  std::vector<std::string> header{"measure"};
  for (const ReportRun& run : runs) {
    const std::string prefix = run.label.empty() ? "" : run.label + ": ";
    header.push_back(prefix + "with");
    header.push_back(prefix + "without");
    header.push_back(prefix + "difference");
  }
  Table table(header);
  const auto row = [&](const std::string& name, int decimals, auto pick) {
    std::vector<Cell> cells{text(name)};
    for (const ReportRun& run : runs) {
      const WindowedMean with = pick(run.metrics.liquidity.with);
      const WindowedMean without = pick(run.metrics.liquidity.without);
      cells.push_back(mean_cell(with, decimals));
      cells.push_back(mean_cell(without, decimals));
      cells.push_back(difference_cell(with.mean, without.mean, decimals));
    }
    table.add(std::move(cells));
  };
  row("mid price (" + quote + ")", 2, [](const MarketAverages& m) { return m.mid; });
  row("quoted spread (bp)", 3, [](const MarketAverages& m) { return m.spread_bps; });
  for (std::size_t band = 0; band < kDepthBands.size(); ++band) {
    row("depth within ±" + format_compact(100.0 * kDepthBands[band]) + "% (" + base + ")", 3,
        [band](const MarketAverages& m) { return m.depth[band]; });
  }
  const std::vector<double>& sizes = runs.front().metrics.liquidity.reference_sizes;
  const auto pick_size = [](const std::vector<WindowedMean>& values, std::size_t i) {
    return i < values.size() ? values[i] : WindowedMean{kNaN, 0.0};
  };
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const std::string size = format_compact(sizes[i]) + " " + base;
    row("slippage of a market buy of " + size + " (bp)", 3,
        [&](const MarketAverages& m) { return pick_size(m.slippage_buy_bps, i); });
    row("slippage of a market sell of " + size + " (bp)", 3,
        [&](const MarketAverages& m) { return pick_size(m.slippage_sell_bps, i); });
  }
  out += table.html();
  for (std::size_t i = 0; i < plots.size(); ++i) {
    if (plots[i].id == kDepthWithWithoutPlot || plots[i].id == kSpreadWithWithoutPlot) {
      out += figure(plots[i], svg_of[i]);
    }
  }
  return out + kSectionEnd;
}

std::string economics_section(std::span<const ReportRun> runs) {
  std::string out = section_start("economics", "Sponsor economics");
  const std::string token = runs.front().data.campaign.reward_token;
  const std::string base = pair_assets(runs.front().data.pair).base;
  const std::string quote = pair_assets(runs.front().data.pair).quote;
  out += paragraph(
      "What the budget bought. Costs are the reward paid per day of the campaign divided by "
      "what the campaign added (time-averaged, with − without for depth; without − with for "
      "spread and slippage). A cost is undefined (—) when nothing was added: the campaign did "
      "not deepen the book or narrow the spread, or no baseline was recorded.");
  Table table(run_columns(runs, "figure"));
  const auto row = [&](const std::string& name, auto value) {
    std::vector<Cell> cells{text(name)};
    for (const ReportRun& run : runs) cells.push_back(value(run));
    table.add(std::move(cells));
  };
  row("budget (" + token + ")",
      [](const ReportRun& r) { return number(tokens_text(r.metrics.sponsor.budget, r)); });
  row("paid to miners (" + token + ")",
      [](const ReportRun& r) { return number(tokens_text(r.metrics.sponsor.spent, r)); });
  row("returned to the sponsor, unallocated (" + token + ")",
      [](const ReportRun& r) { return number(tokens_text(r.metrics.sponsor.unallocated, r)); });
  row("campaign length (days)",
      [](const ReportRun& r) { return number(format_significant(r.metrics.sponsor.days, 4)); });
  row("paid per day (" + token + ")", [](const ReportRun& r) {
    return number(format_significant(r.metrics.sponsor.spent_per_day, 6));
  });
  row("paid per day, valued (" + quote + ")", [](const ReportRun& r) {
    return number(format_significant(r.metrics.sponsor.spent_value_per_day, 6));
  });
  for (std::size_t band = 0; band < kDepthBands.size(); ++band) {
    const std::string within = "±" + format_compact(100.0 * kDepthBands[band]) + "%";
    row("depth added within " + within + " (" + base + ")", [band](const ReportRun& r) {
      return number(format_fixed(r.metrics.sponsor.added_depth[band], 3));
    });
    row("cost per " + base + " of depth added within " + within + " (" + token + " per day)",
        [band](const ReportRun& r) {
          return number(format_significant(r.metrics.sponsor.cost_per_added_depth[band], 4));
        });
  }
  row("quoted spread reduction (bp)", [](const ReportRun& r) {
    return number(format_fixed(r.metrics.sponsor.spread_reduction_bps, 3));
  });
  row("cost per bp of spread reduction (" + token + " per day)", [](const ReportRun& r) {
    return number(format_significant(r.metrics.sponsor.cost_per_spread_bp, 4));
  });
  const std::vector<double>& sizes = runs.front().metrics.liquidity.reference_sizes;
  const auto at = [](const std::vector<double>& values, std::size_t i) {
    return i < values.size() ? values[i] : kNaN;
  };
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const std::string size = format_compact(sizes[i]) + " " + base;
    row("slippage reduction, buy of " + size + " (bp)", [&](const ReportRun& r) {
      return number(format_fixed(at(r.metrics.sponsor.slippage_reduction_buy_bps, i), 3));
    });
    row("cost per bp, buy of " + size + " (" + token + " per day)", [&](const ReportRun& r) {
      return number(format_significant(at(r.metrics.sponsor.cost_per_slippage_bp_buy, i), 4));
    });
    row("slippage reduction, sell of " + size + " (bp)", [&](const ReportRun& r) {
      return number(format_fixed(at(r.metrics.sponsor.slippage_reduction_sell_bps, i), 3));
    });
    row("cost per bp, sell of " + size + " (" + token + " per day)", [&](const ReportRun& r) {
      return number(format_significant(at(r.metrics.sponsor.cost_per_slippage_bp_sell, i), 4));
    });
  }
  out += table.html();
  return out + kSectionEnd;
}

std::string participation_section(std::span<const ReportRun> runs) {
  // Only runs whose miners decide for themselves (economics) have anything to show.
  bool any = false;
  for (const ReportRun& run : runs) any = any || run.data.decisions.size() > 0;
  if (!any) return "";
  std::string out = section_start("participation", "Miner participation");
  out += paragraph(
      "Miners with economics (docs/economics.md) quote only while the yield they expect beats "
      "their reservation yield. Depth and quoting miners are averaged over the snapshots; the "
      "yields are annual returns on capital, net of trading, of the miners whose last decision "
      "was to quote: what they measured over their lookback, and the smallest yield that kept "
      "one of them in.");
  std::vector<ParticipationSummary> summaries;
  for (const ReportRun& run : runs) summaries.push_back(summarise_participation(run.data));
  Table table(run_columns(runs, "figure"));
  const auto row = [&](const std::string& name, auto value) {
    std::vector<Cell> cells{text(name)};
    for (const ParticipationSummary& summary : summaries) cells.push_back(value(summary));
    table.add(std::move(cells));
  };
  const std::string base = pair_assets(runs.front().data.pair).base;
  row("eligible depth, both sides (" + base + ")",
      [](const ParticipationSummary& s) { return number(format_fixed(s.mean_eligible_depth, 3)); });
  row("miners with an eligible order", [](const ParticipationSummary& s) {
    return number(format_fixed(s.mean_eligible_miners, 1));
  });
  row("miners in the market at the end", [](const ParticipationSummary& s) {
    return number(s.active_miners.empty() ? "—" : std::to_string(s.active_miners.back()));
  });
  row("realised yield of those quoting (median)", [](const ParticipationSummary& s) {
    return number(format_significant(s.final_realised_yield, 4));
  });
  row("going expected yield (median)", [](const ParticipationSummary& s) {
    return number(format_significant(s.going_expected_yield, 4));
  });
  out += table.html();
  // Over time: the miners in the market after the reviews, at up to twelve moments per run.
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const ParticipationSummary& s = summaries[r];
    if (s.review_time.empty()) continue;
    Table over_time({"time (" + run_name(runs[r]) + ")", "miners in the market"});
    const std::size_t count = s.review_time.size();
    const std::size_t shown = std::min<std::size_t>(count, 12);
    for (std::size_t k = 1; k <= shown; ++k) {
      const std::size_t i = k * count / shown - 1;
      over_time.add({text(engine::format_timestamp(s.review_time[i])),
                     number(std::to_string(s.active_miners[i]))});
    }
    out += over_time.html();
  }
  return out + kSectionEnd;
}

std::string returns_table(const ReportRun& run, const std::vector<ParticipantMetrics>& all,
                          bool entities) {
  const std::string quote = pair_assets(run.data.pair).quote;
  const std::string token = run.data.campaign.reward_token;
  const double price = run.data.reward_token_price.value_or(kNaN);
  Table table({entities ? "entity" : "account", "reward (" + token + ")",
               "reward value (" + quote + ")", "trading PnL (" + quote + ")",
               "net PnL (" + quote + ")", "inventory risk σ (" + quote + ")", "fills",
               "mark-out (" + quote + ")", "mark-out per unit (" + quote + ")",
               "committed capital (" + quote + ")", "annualised reward yield"});
  for (const ParticipantMetrics* p : by_reward(all)) {
    std::string fills = std::to_string(p->fills);
    if (p->markout.unmarked > 0) fills += " (" + std::to_string(p->markout.unmarked) + " unmarked)";
    table.add({text(p->name), number(tokens_text(p->reward, run)),
               number(format_fixed(p->reward * price, 2)), number(format_fixed(p->trading_pnl, 2)),
               number(format_fixed(p->net_pnl, 2)), number(format_fixed(p->inventory_risk, 2)),
               number(fills), number(format_fixed(p->markout.total, 2)),
               number(format_fixed(p->markout.per_unit, 4)),
               number(format_fixed(p->committed_capital, 2)),
               number(format_percent(p->reward_yield, 2))});
  }
  return table.html();
}

std::string returns_section(std::span<const ReportRun> runs) {
  std::string out = section_start("returns", "Miner returns and risk");
  out += paragraph(
      "What quoting earned and risked, in the quote currency. <em>Trading PnL</em>: cash gained "
      "plus inventory gained valued at the closing mid, minus fees, against holding the "
      "starting balances (rewards excluded); <em>net PnL</em> adds the rewards at the reward "
      "token's price. <em>Inventory risk</em>: standard deviation of the inventory's value "
      "(base balance × mid) over the snapshots. <em>Mark-out</em>: Σ (mid one horizon after the "
      "fill − fill price) × signed size over the account's fills — negative means the fills "
      "were adversely selected (the market moved against them); fills too close to the end to "
      "be marked are counted as unmarked. <em>Annualised reward yield</em>: reward value ÷ "
      "committed capital (starting balances at the first mid) × 365.25 days ÷ campaign "
      "length.");
  for (const ReportRun& run : runs) {
    if (runs.size() > 1) out += "<h3>Run " + html_escape(run_name(run)) + "</h3>\n";
    if (!run.data.reward_token_price) {
      out += paragraph(
          "The reward token's price is unknown in this run: reward values, net PnL "
          "and yields are shown as —.",
          "note");
    }
    if (one_account_each(run.metrics)) {
      out += "<h3>Accounts (each its own entity)</h3>\n" +
             returns_table(run, run.metrics.miners, false);
      continue;
    }
    out += "<h3>Entities</h3>\n" + returns_table(run, run.metrics.entities, true);
    out += "<h3>Accounts</h3>\n" + returns_table(run, run.metrics.miners, false);
  }
  return out + kSectionEnd;
}

std::string realism_section(std::span<const ReportRun> runs) {
  // Runs whose metrics hold their market's facts (every run of `lmsim run`).
  bool any = false;
  for (const ReportRun& run : runs) any = any || run.metrics.realism.has_value();
  if (!any) return "";
  std::string out = section_start("realism", "Market realism");
  out += paragraph(
      "How much the market the campaign ran in looks like a real one: stylised facts of its mid "
      "returns, spread, depth and trades over the whole run (with the campaign's miners), each "
      "with a moving-block bootstrap 95% interval, and the realism bands a synthetic market is "
      "held to. Put a synthetic run beside a replayed recording (<code>lmsim report "
      "SYNTHETIC_RUN REPLAY_RUN</code>) to compare them fact by fact; <code>lmsim facts</code> "
      "measures any market the same way (docs/facts.md).");
  Table table(run_columns(runs, "fact"));
  const auto fact_cell = [](const ReportRun& run, const std::string& name) {
    if (!run.metrics.realism) return number("—");
    for (const NamedFact& fact : realism_facts(*run.metrics.realism)) {
      if (fact.name != name) continue;
      std::string text = format_significant(fact.estimate.value, 4);
      if (std::isfinite(fact.estimate.ci_low)) {
        text += " [" + format_significant(fact.estimate.ci_low, 3) + ", " +
                format_significant(fact.estimate.ci_high, 3) + "]";
      }
      return number(text);
    }
    return number("—");
  };
  for (const char* name :
       {"returns.1s.sd", "returns.1m.sd", "returns.1m.excess_kurtosis", "returns.1m.acf.1",
        "returns.1m.abs_acf.1", "returns.1m.variance_ratio", "spread.ticks.mean", "spread.bps.mean",
        "depth.both.two_pct", "depth.both.share_half_pct", "depth.both.share_one_pct",
        "trades.rate_per_minute", "trades.size.mean", "imbalance.1m.next_return_correlation",
        "volatility.ratio"}) {
    std::vector<Cell> cells{text(name)};
    for (const ReportRun& run : runs) cells.push_back(fact_cell(run, name));
    table.add(std::move(cells));
  }
  out += table.html();
  // A coarse recording grid (a long run's default) cannot give the returns it does not divide:
  // say so, rather than leave a row of dashes unexplained.
  for (const ReportRun& run : runs) {
    if (!run.metrics.realism || run.metrics.realism->horizons_not_computed.empty()) continue;
    std::string horizons;
    for (const engine::Nanos horizon : run.metrics.realism->horizons_not_computed) {
      horizons += (horizons.empty() ? "" : ", ") + engine::format_duration(horizon);
    }
    out += paragraph(html_escape(run_name(run)) + ": returns not computed at " + horizons +
                     ": its market series was recorded every " +
                     engine::format_duration(run.metrics.realism->step) +
                     ", which does not divide them (<code>[analysis] sample_interval</code>).");
  }
  Table bands(run_columns(runs, "band"));
  const ReportRun* first = nullptr;
  for (const ReportRun& run : runs) {
    if (run.metrics.realism && first == nullptr) first = &run;
  }
  const std::vector<RealismBand> rules = realism_bands(*first->metrics.realism);
  for (std::size_t b = 0; b < rules.size(); ++b) {
    std::vector<Cell> cells{text(rules[b].rule)};
    for (const ReportRun& run : runs) {
      if (!run.metrics.realism) {
        cells.push_back(text("—"));
        continue;
      }
      const RealismBand band = realism_bands(*run.metrics.realism)[b];
      cells.push_back(text(format_significant(band.value, 3) + (band.holds ? " holds" : " fails")));
    }
    bands.add(std::move(cells));
  }
  out += "<h3>Realism bands</h3>\n" + bands.html();
  return out + kSectionEnd;
}

std::string definitions_section() {
  std::string out = section_start("definitions", "Definitions");
  out += paragraph(
      "Notation: K snapshots k; accounts i (an entity's figures pool its accounts); reward "
      "r<sub>i</sub> in tokens; spread-weighted eligible size w<sub>k,i</sub> = Σ a·ρ(s) with "
      "ρ(s) = exp(−λ·s/s<sub>max</sub>); the campaign window W = the campaign's epochs. "
      "Undefined values are shown as —. Full definitions with edge cases: "
      "<code>docs/metrics.md</code> §8–10 in the lmsim source.");
  out += R"html(<dl>
<dt>reward share</dt><dd>r<sub>i</sub> / Σ<sub>j</sub> r<sub>j</sub></dd>
<dt>uptime (per side)</dt><dd>#{k : eligible size on the side at k &gt; 0} / K</dd>
<dt>mean eligible size (per side)</dt><dd>(1/K) Σ<sub>k</sub> eligible size at k (base asset)</dd>
<dt>mean best spread (per side)</dt><dd>mean over the snapshots with an eligible order of the tightest eligible spread |p − mid| / mid</dd>
<dt>contribution, contribution share</dt><dd>c<sub>i</sub> = Σ<sub>k</sub> (w<sup>bid</sup><sub>k,i</sub> + w<sup>ask</sup><sub>k,i</sub>); c<sub>i</sub> / Σ<sub>j</sub> c<sub>j</sub></dd>
<dt>reward ÷ contribution</dt><dd>reward share / contribution share</dd>
<dt>inventory risk</dt><dd>population standard deviation over snapshots with a mid of inventory<sub>k</sub> × mid<sub>k</sub></dd>
<dt>net PnL</dt><dd>trading PnL + r<sub>i</sub> × reward token price</dd>
<dt>mark-out</dt><dd>Σ over fills of (mid(t + horizon) − price) × q, q &gt; 0 for a buy, &lt; 0 for a sell; per unit: ÷ Σ|q|</dd>
<dt>committed capital</dt><dd>starting base balance × first mid + starting quote balance</dd>
<dt>annualised reward yield</dt><dd>r<sub>i</sub> × price / committed capital × 365.25 days / |W|</dd>
<dt>Gini, Lorenz, Herfindahl, top shares</dt><dd>G = Σ<sub>i</sub>Σ<sub>j</sub>|x<sub>i</sub> − x<sub>j</sub>| / (2n²x̄); Lorenz points (k/n, share of the k smallest); H = Σ s<sub>i</sub>²; top 10% = the ⌈0.1·n⌉ largest</dd>
<dt>Jain's index</dt><dd>(Σx)² / (n Σx²) over the reward ÷ contribution ratios that are defined</dd>
<dt>Spearman ρ</dt><dd>Pearson correlation of the average ranks of reward and contribution</dd>
<dt>time average over W</dt><dd>Σ v<sub>j</sub> · |[t<sub>j</sub>, t<sub>j+1</sub>) ∩ W| / (time in W where v is defined); each market sample holds until the next</dd>
<dt>quoted spread</dt><dd>(best ask − best bid) / mid × 10⁴ bp</dd>
<dt>cost per unit of added depth</dt><dd>(paid / days of W) / (depth with − depth without)</dd>
<dt>cost per bp</dt><dd>(paid / days of W) / (spread or slippage without − with, in bp)</dd>
</dl>
)html";
  return out + kSectionEnd;
}

}  // namespace

std::string render_report_html(std::span<const ReportRun> runs, std::span<const PlotScript> plots,
                               std::span<const std::string> svgs, const ReportContext& context) {
  if (runs.empty()) throw std::invalid_argument("render_report_html: no run");
  if (plots.size() != svgs.size()) {
    throw std::invalid_argument("render_report_html: one SVG per plot is needed");
  }
  const std::vector<std::string> svg_of(svgs.begin(), svgs.end());
  const RunData& first = runs.front().data;
  const std::string title =
      runs.size() == 1 ? "lmsim report: " + first.campaign.name + " on " + first.pair
                       : "lmsim comparison report: " + std::to_string(runs.size()) + " runs";
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html +=
      "<meta name=\"generator\" content=\"lmsim " + html_escape(context.lmsim_version) + "\">\n";
  html += "<title>" + html_escape(title) + "</title>\n<style>" + kReportStyle +
          "</style>\n</head>\n<body>\n";
  html += title_block(runs);
  if (runs.size() > 1) html += differences_section(runs);
  html += provenance_section(runs);
  html += headline_section(runs);
  html += rewards_section(runs, svg_of, plots);
  html += fairness_section(runs, svg_of, plots);
  if (several_rules(runs)) html += rules_section(runs, svg_of, plots);
  html += quotes_section(svg_of, plots);
  html += liquidity_section(runs, svg_of, plots);
  html += economics_section(runs);
  html += participation_section(runs);
  html += returns_section(runs);
  html += realism_section(runs);
  html += definitions_section();
  html += "\n<footer>Written by <code>lmsim report</code> (lmsim " +
          html_escape(context.lmsim_version) +
          "). The plots are drawn by gnuplot. The same run directories always give this same "
          "page, byte for byte.</footer>\n</body>\n</html>\n";
  return html;
}

}  // namespace lmsim::analysis
