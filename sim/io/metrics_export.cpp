#include "sim/io/metrics_export.hpp"

#include <cmath>
#include <span>
#include <string_view>
#include <vector>

#include "analysis/report_run.hpp"
#include "sim/io/facts_report.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace {

using analysis::FairnessMetrics;
using analysis::MarketAverages;
using analysis::ParticipantMetrics;
using analysis::SponsorEconomics;
using analysis::WindowedMean;

enum class Unit {
  kCount,
  kFraction,
  kPerYear,
  kBp,
  kDay,
  kToken,
  kBase,
  kQuote,
  kQuotePerBase,
  kTokenPerDay,
  kQuotePerDay,
  kTokenPerDayPerBase,
  kTokenPerDayPerBp,
};

std::string unit_text(Unit unit, const MetricUnits& units) {
  switch (unit) {
    case Unit::kCount:
    case Unit::kFraction:
      return "1";
    case Unit::kPerYear:
      return "1/year";
    case Unit::kBp:
      return "bp";
    case Unit::kDay:
      return "day";
    case Unit::kToken:
      return units.token;
    case Unit::kBase:
      return units.base;
    case Unit::kQuote:
      return units.quote;
    case Unit::kQuotePerBase:
      return units.quote + "/" + units.base;
    case Unit::kTokenPerDay:
      return units.token + "/day";
    case Unit::kQuotePerDay:
      return units.quote + "/day";
    case Unit::kTokenPerDayPerBase:
      return units.token + "/day/" + units.base;
    case Unit::kTokenPerDayPerBp:
      return units.token + "/day/bp";
  }
  return "";
}

/// One named figure of a metrics record. Counts are stored as integers, the rest as float64.
template <typename Record>
struct Field {
  std::string_view name;
  Unit unit;
  double (*value)(const Record&);
};

using ParticipantField = Field<ParticipantMetrics>;
// clang-format off
constexpr ParticipantField kParticipantFields[] = {
    {"accounts", Unit::kCount, [](const ParticipantMetrics& m) { return double(m.accounts); }},
    {"reward", Unit::kToken, [](const ParticipantMetrics& m) { return m.reward; }},
    {"reward_share", Unit::kFraction, [](const ParticipantMetrics& m) { return m.reward_share; }},
    {"uptime_bid", Unit::kFraction, [](const ParticipantMetrics& m) { return m.uptime_bid; }},
    {"uptime_ask", Unit::kFraction, [](const ParticipantMetrics& m) { return m.uptime_ask; }},
    {"mean_eligible_bid", Unit::kBase, [](const ParticipantMetrics& m) { return m.mean_eligible_bid; }},
    {"mean_eligible_ask", Unit::kBase, [](const ParticipantMetrics& m) { return m.mean_eligible_ask; }},
    {"mean_best_spread_bid", Unit::kFraction, [](const ParticipantMetrics& m) { return m.mean_best_spread_bid; }},
    {"mean_best_spread_ask", Unit::kFraction, [](const ParticipantMetrics& m) { return m.mean_best_spread_ask; }},
    {"contribution", Unit::kBase, [](const ParticipantMetrics& m) { return m.contribution; }},
    {"contribution_share", Unit::kFraction, [](const ParticipantMetrics& m) { return m.contribution_share; }},
    {"reward_to_contribution", Unit::kFraction, [](const ParticipantMetrics& m) { return m.reward_to_contribution; }},
    {"inventory_risk", Unit::kQuote, [](const ParticipantMetrics& m) { return m.inventory_risk; }},
    {"trading_pnl", Unit::kQuote, [](const ParticipantMetrics& m) { return m.trading_pnl; }},
    {"net_pnl", Unit::kQuote, [](const ParticipantMetrics& m) { return m.net_pnl; }},
    {"fills", Unit::kCount, [](const ParticipantMetrics& m) { return double(m.fills); }},
    {"markout_total", Unit::kQuote, [](const ParticipantMetrics& m) { return m.markout.total; }},
    {"markout_per_unit", Unit::kQuotePerBase, [](const ParticipantMetrics& m) { return m.markout.per_unit; }},
    {"markout_fills", Unit::kCount, [](const ParticipantMetrics& m) { return double(m.markout.marked); }},
    {"unmarked_fills", Unit::kCount, [](const ParticipantMetrics& m) { return double(m.markout.unmarked); }},
    {"committed_capital", Unit::kQuote, [](const ParticipantMetrics& m) { return m.committed_capital; }},
    {"reward_yield", Unit::kPerYear, [](const ParticipantMetrics& m) { return m.reward_yield; }},
    {"useful_maker_volume", Unit::kBase, [](const ParticipantMetrics& m) { return m.useful.maker_volume; }},
    {"touch_size", Unit::kBase, [](const ParticipantMetrics& m) { return m.useful.touch_size; }},
    {"reference_fill", Unit::kBase, [](const ParticipantMetrics& m) { return m.useful.reference_fill; }},
    {"adverse_selection", Unit::kQuote, [](const ParticipantMetrics& m) { return m.risk.adverse_selection; }},
    {"capital_at_risk", Unit::kQuote, [](const ParticipantMetrics& m) { return m.risk.capital_at_risk; }},
    {"honest", Unit::kCount, [](const ParticipantMetrics& m) { return m.honest ? 1.0 : 0.0; }},
};

using RuleParticipantField = Field<analysis::RuleParticipantMetrics>;
constexpr RuleParticipantField kRuleParticipantFields[] = {
    {"reward", Unit::kToken, [](const analysis::RuleParticipantMetrics& m) { return m.reward; }},
    {"reward_share", Unit::kFraction, [](const analysis::RuleParticipantMetrics& m) { return m.alignment.reward_share; }},
    {"useful_share", Unit::kFraction, [](const analysis::RuleParticipantMetrics& m) { return m.alignment.useful_share; }},
    {"risk_share", Unit::kFraction, [](const analysis::RuleParticipantMetrics& m) { return m.alignment.risk_share; }},
    {"reward_per_useful", Unit::kFraction, [](const analysis::RuleParticipantMetrics& m) { return m.alignment.reward_per_useful; }},
    {"reward_per_risk", Unit::kFraction, [](const analysis::RuleParticipantMetrics& m) { return m.alignment.reward_per_risk; }},
    {"gaming_premium", Unit::kFraction, [](const analysis::RuleParticipantMetrics& m) { return m.alignment.gaming_premium; }},
    {"honest", Unit::kCount, [](const analysis::RuleParticipantMetrics& m) { return m.alignment.honest ? 1.0 : 0.0; }},
};

using RuleFairnessField = Field<analysis::RuleFairnessMetrics>;
constexpr RuleFairnessField kRuleFairnessFields[] = {
    {"population", Unit::kCount, [](const analysis::RuleFairnessMetrics& m) { return double(m.population); }},
    {"gini", Unit::kFraction, [](const analysis::RuleFairnessMetrics& m) { return m.gini; }},
    {"top1_share", Unit::kFraction, [](const analysis::RuleFairnessMetrics& m) { return m.top1_share; }},
    {"per_useful_population", Unit::kCount, [](const analysis::RuleFairnessMetrics& m) { return double(m.alignment.per_useful_population); }},
    {"gini_reward_per_useful", Unit::kFraction, [](const analysis::RuleFairnessMetrics& m) { return m.alignment.gini_reward_per_useful; }},
    {"jain_reward_per_useful", Unit::kFraction, [](const analysis::RuleFairnessMetrics& m) { return m.alignment.jain_reward_per_useful; }},
    {"paid_without_useful", Unit::kCount, [](const analysis::RuleFairnessMetrics& m) { return double(m.alignment.paid_without_useful); }},
    {"per_risk_population", Unit::kCount, [](const analysis::RuleFairnessMetrics& m) { return double(m.alignment.per_risk_population); }},
    {"gini_reward_per_risk", Unit::kFraction, [](const analysis::RuleFairnessMetrics& m) { return m.alignment.gini_reward_per_risk; }},
    {"jain_reward_per_risk", Unit::kFraction, [](const analysis::RuleFairnessMetrics& m) { return m.alignment.jain_reward_per_risk; }},
    {"paid_without_risk", Unit::kCount, [](const analysis::RuleFairnessMetrics& m) { return double(m.alignment.paid_without_risk); }},
    {"honest_median_reward_per_useful", Unit::kFraction, [](const analysis::RuleFairnessMetrics& m) { return m.alignment.honest_median_reward_per_useful; }},
};

using FairnessField = Field<FairnessMetrics>;
constexpr FairnessField kFairnessFields[] = {
    {"population", Unit::kCount, [](const FairnessMetrics& m) { return double(m.population); }},
    {"gini", Unit::kFraction, [](const FairnessMetrics& m) { return m.gini; }},
    {"herfindahl", Unit::kFraction, [](const FairnessMetrics& m) { return m.herfindahl; }},
    {"herfindahl_normalised", Unit::kFraction, [](const FairnessMetrics& m) { return m.herfindahl_normalised; }},
    {"top1_share", Unit::kFraction, [](const FairnessMetrics& m) { return m.top1_share; }},
    {"top10pct_count", Unit::kCount, [](const FairnessMetrics& m) { return double(m.top10pct_count); }},
    {"top10pct_share", Unit::kFraction, [](const FairnessMetrics& m) { return m.top10pct_share; }},
    {"jain_ratio", Unit::kFraction, [](const FairnessMetrics& m) { return m.jain_ratio; }},
    {"jain_population", Unit::kCount, [](const FairnessMetrics& m) { return double(m.jain_population); }},
    {"spearman_reward_contribution", Unit::kFraction, [](const FairnessMetrics& m) { return m.spearman_reward_contribution; }},
};

using SponsorField = Field<SponsorEconomics>;
constexpr SponsorField kSponsorFields[] = {
    {"budget", Unit::kToken, [](const SponsorEconomics& m) { return m.budget; }},
    {"spent", Unit::kToken, [](const SponsorEconomics& m) { return m.spent; }},
    {"unallocated", Unit::kToken, [](const SponsorEconomics& m) { return m.unallocated; }},
    {"days", Unit::kDay, [](const SponsorEconomics& m) { return m.days; }},
    {"spent_per_day", Unit::kTokenPerDay, [](const SponsorEconomics& m) { return m.spent_per_day; }},
    {"spent_value_per_day", Unit::kQuotePerDay, [](const SponsorEconomics& m) { return m.spent_value_per_day; }},
    {"spread_reduction_bps", Unit::kBp, [](const SponsorEconomics& m) { return m.spread_reduction_bps; }},
    {"cost_per_spread_bp", Unit::kTokenPerDayPerBp, [](const SponsorEconomics& m) { return m.cost_per_spread_bp; }},
};
// clang-format on

/// The sponsor's figures per depth band or per reference size.
struct SponsorSeries {
  std::string_view name;
  Unit unit;
  std::span<const double> values;
};

std::vector<SponsorSeries> sponsor_series(const SponsorEconomics& m) {
  return {{"added_depth", Unit::kBase, m.added_depth},
          {"cost_per_added_depth", Unit::kTokenPerDayPerBase, m.cost_per_added_depth},
          {"slippage_reduction_buy_bps", Unit::kBp, m.slippage_reduction_buy_bps},
          {"slippage_reduction_sell_bps", Unit::kBp, m.slippage_reduction_sell_bps},
          {"cost_per_slippage_bp_buy", Unit::kTokenPerDayPerBp, m.cost_per_slippage_bp_buy},
          {"cost_per_slippage_bp_sell", Unit::kTokenPerDayPerBp, m.cost_per_slippage_bp_sell}};
}

/// A market average of each case (with, without the campaign): one value (`scalar`), or one
/// per depth band or reference size.
struct AverageSeries {
  std::string_view name;
  Unit unit;
  bool scalar;
  std::vector<WindowedMean> (*values)(const MarketAverages&);
};

const AverageSeries kAverageSeries[] = {
    {"mid", Unit::kQuotePerBase, true, [](const MarketAverages& m) { return std::vector{m.mid}; }},
    {"spread_bps", Unit::kBp, true,
     [](const MarketAverages& m) { return std::vector{m.spread_bps}; }},
    {"depth", Unit::kBase, false,
     [](const MarketAverages& m) { return std::vector(m.depth.begin(), m.depth.end()); }},
    {"slippage_buy_bps", Unit::kBp, false,
     [](const MarketAverages& m) { return m.slippage_buy_bps; }},
    {"slippage_sell_bps", Unit::kBp, false,
     [](const MarketAverages& m) { return m.slippage_sell_bps; }},
};

/// Writes field `field` of every record as one column.
template <typename Record>
void write_column(Hdf5Writer& file, const std::string& group, const Field<Record>& field,
                  std::span<const Record> records, const MetricUnits& units) {
  const std::string path = group + "/" + std::string(field.name);
  const std::string unit = unit_text(field.unit, units);
  if (field.unit == Unit::kCount) {
    std::vector<std::int64_t> values;
    for (const Record& record : records) values.push_back(std::llround(field.value(record)));
    file.write(path, values, unit);
  } else {
    std::vector<double> values;
    for (const Record& record : records) values.push_back(field.value(record));
    file.write(path, values, unit);
  }
}

template <typename Record, std::size_t N>
void write_table(Hdf5Writer& file, const std::string& group, const Field<Record> (&fields)[N],
                 std::span<const Record> records, const MetricUnits& units) {
  for (const Field<Record>& field : fields) write_column(file, group, field, records, units);
}

void write_participants(Hdf5Writer& file, const std::string& group,
                        std::span<const ParticipantMetrics> participants,
                        const MetricUnits& units) {
  std::vector<std::string> names;
  std::vector<std::string> strategies;
  for (const ParticipantMetrics& participant : participants) {
    names.push_back(participant.name);
    strategies.push_back(participant.strategy);
  }
  file.write(group + "/name", names, kTextUnits);
  file.write(group + "/strategy", strategies, kTextUnits);
  write_table(file, group, kParticipantFields, participants, units);
}

void write_lorenz(Hdf5Writer& file, const std::string& path, const FairnessMetrics& fairness) {
  std::vector<double> points;
  for (const analysis::LorenzPoint& point : fairness.lorenz) {
    points.push_back(point.population_share);
    points.push_back(point.value_share);
  }
  file.write_matrix(path, points, fairness.lorenz.size(), 2, "1");
}

void write_liquidity(Hdf5Writer& file, const analysis::LiquidityMetrics& liquidity,
                     const MetricUnits& units) {
  const std::string group = "/metrics/liquidity";
  file.write(group + "/case", std::vector<std::string>{"with", "without"}, kTextUnits);
  file.write(group + "/reference_sizes", liquidity.reference_sizes, units.base);
  file.write(group + "/depth_bands", analysis::kDepthBands, "1");
  for (const AverageSeries& series : kAverageSeries) {
    const std::vector<WindowedMean> with = series.values(liquidity.with);
    const std::vector<WindowedMean> without = series.values(liquidity.without);
    std::vector<double> means;
    std::vector<double> coverages;
    for (const auto* row : {&with, &without}) {
      for (const WindowedMean& value : *row) {
        means.push_back(value.mean);
        coverages.push_back(value.coverage);
      }
    }
    const std::string path = group + "/" + std::string(series.name);
    const std::string unit = unit_text(series.unit, units);
    if (series.scalar) {
      file.write(path, means, unit);
      file.write(path + "_coverage", coverages, "1");
    } else {
      file.write_matrix(path, means, 2, with.size(), unit);
      file.write_matrix(path + "_coverage", coverages, 2, with.size(), "1");
    }
  }
  file.set_attribute(group, "has_baseline", std::int64_t{liquidity.has_baseline ? 1 : 0});
}

void write_rule_participants(Hdf5Writer& file, const std::string& group,
                             std::span<const analysis::RuleParticipantMetrics> participants,
                             const MetricUnits& units) {
  std::vector<std::string> names;
  for (const auto& participant : participants) names.push_back(participant.name);
  file.write(group + "/name", names, kTextUnits);
  write_table(file, group, kRuleParticipantFields, participants, units);
}

void write_rules(Hdf5Writer& file, std::span<const analysis::RuleMetrics> rules,
                 const MetricUnits& units) {
  file.create_group("/metrics/rules");
  for (const analysis::RuleMetrics& rule : rules) {
    const std::string group = "/metrics/rules/" + rule.name;
    write_rule_participants(file, group + "/miners", rule.miners, units);
    write_rule_participants(file, group + "/entities", rule.entities, units);
    const std::vector<analysis::RuleFairnessMetrics> fairness = {rule.entity_fairness,
                                                                 rule.account_fairness};
    file.write(group + "/fairness/population_of", std::vector<std::string>{"entities", "accounts"},
               kTextUnits);
    write_table(file, group + "/fairness", kRuleFairnessFields, std::span(fairness), units);
    file.set_attribute(group, "rule", rule.rule);
    file.set_attribute(group, "total_reward", rule.total_reward);
  }
}

template <typename Record, std::size_t N>
void write_fields_json(JsonWriter& json, const Field<Record> (&fields)[N], const Record& record) {
  for (const Field<Record>& field : fields) {
    json.key(field.name);
    const double value = field.value(record);
    if (field.unit == Unit::kCount) {
      json.value(static_cast<std::int64_t>(std::llround(value)));
    } else {
      json.value(value);
    }
  }
}

void write_participants_json(JsonWriter& json, std::span<const ParticipantMetrics> participants) {
  json.begin_array();
  for (const ParticipantMetrics& participant : participants) {
    json.begin_object();
    json.key("name").value(participant.name);
    json.key("strategy").value(participant.strategy);
    write_fields_json(json, kParticipantFields, participant);
    json.end_object();
  }
  json.end_array();
}

void write_rules_json(JsonWriter& json, std::span<const analysis::RuleMetrics> rules) {
  json.begin_object();
  for (const analysis::RuleMetrics& rule : rules) {
    json.key(rule.name).begin_object();
    json.key("rule").value(rule.rule);
    json.key("total_reward").value(rule.total_reward);
    for (const auto& [key, population] :
         {std::pair{"miners", &rule.miners}, std::pair{"entities", &rule.entities}}) {
      json.key(key).begin_array();
      for (const analysis::RuleParticipantMetrics& participant : *population) {
        json.begin_object();
        json.key("name").value(participant.name);
        write_fields_json(json, kRuleParticipantFields, participant);
        json.end_object();
      }
      json.end_array();
    }
    json.key("fairness").begin_object();
    json.key("entities").begin_object();
    write_fields_json(json, kRuleFairnessFields, rule.entity_fairness);
    json.end_object();
    json.key("accounts").begin_object();
    write_fields_json(json, kRuleFairnessFields, rule.account_fairness);
    json.end_object();
    json.end_object();
    json.end_object();
  }
  json.end_object();
}

void write_fairness_json(JsonWriter& json, const FairnessMetrics& fairness) {
  json.begin_object();
  write_fields_json(json, kFairnessFields, fairness);
  json.key("lorenz").begin_array();
  for (const analysis::LorenzPoint& point : fairness.lorenz) {
    json.begin_array().value(point.population_share).value(point.value_share).end_array();
  }
  json.end_array();
  json.end_object();
}

void write_numbers_json(JsonWriter& json, std::span<const double> values) {
  json.begin_array();
  for (const double value : values) json.value(value);
  json.end_array();
}

void write_averages_json(JsonWriter& json, const MarketAverages& averages) {
  json.begin_object();
  for (const AverageSeries& series : kAverageSeries) {
    const std::vector<WindowedMean> values = series.values(averages);
    json.key(series.name);
    if (!series.scalar) json.begin_array();
    for (const WindowedMean& value : values) {
      json.begin_object().key("mean").value(value.mean).key("coverage").value(value.coverage);
      json.end_object();
    }
    if (!series.scalar) json.end_array();
  }
  json.end_object();
}

}  // namespace

void write_metrics(Hdf5Writer& file, const analysis::RunMetrics& metrics,
                   const MetricUnits& units) {
  file.create_group("/metrics");
  file.set_attribute("/metrics", "window_start", metrics.window.start);
  file.set_attribute("/metrics", "window_end", metrics.window.end);
  file.set_attribute("/metrics", "snapshots", metrics.snapshots);
  file.set_attribute("/metrics", "total_reward", metrics.total_reward);
  write_participants(file, "/metrics/miners", metrics.miners, units);
  write_participants(file, "/metrics/entities", metrics.entities, units);

  const std::vector<FairnessMetrics> fairness = {metrics.entity_fairness, metrics.account_fairness};
  file.write("/metrics/fairness/population_of", std::vector<std::string>{"entities", "accounts"},
             kTextUnits);
  write_table(file, "/metrics/fairness", kFairnessFields, std::span(fairness), units);
  write_lorenz(file, "/metrics/fairness/lorenz_entities", metrics.entity_fairness);
  write_lorenz(file, "/metrics/fairness/lorenz_accounts", metrics.account_fairness);

  write_liquidity(file, metrics.liquidity, units);

  write_table(file, "/metrics/sponsor", kSponsorFields, std::span(&metrics.sponsor, 1), units);
  for (const SponsorSeries& series : sponsor_series(metrics.sponsor)) {
    file.write("/metrics/sponsor/" + std::string(series.name), series.values,
               unit_text(series.unit, units));
  }
  write_rules(file, metrics.rules, units);
  if (metrics.realism) write_metrics_facts(file, *metrics.realism);
}

void write_metrics_facts(Hdf5Writer& file, const analysis::MarketRealism& realism) {
  write_facts_hdf5(file, "/metrics/facts", realism, analysis::realism_bands(realism));
}

void write_metrics_json(JsonWriter& json, const analysis::RunMetrics& metrics) {
  json.begin_object();
  json.key("window").begin_object();
  json.key("start").value(format_timestamp(metrics.window.start));
  json.key("end").value(format_timestamp(metrics.window.end));
  json.key("days").value(metrics.window.days());
  json.end_object();
  json.key("snapshots").value(static_cast<std::int64_t>(metrics.snapshots));
  json.key("total_reward").value(metrics.total_reward);
  json.key("miners");
  write_participants_json(json, metrics.miners);
  json.key("entities");
  write_participants_json(json, metrics.entities);
  json.key("fairness").begin_object();
  json.key("entities");
  write_fairness_json(json, metrics.entity_fairness);
  json.key("accounts");
  write_fairness_json(json, metrics.account_fairness);
  json.end_object();

  const analysis::LiquidityMetrics& liquidity = metrics.liquidity;
  json.key("liquidity").begin_object();
  json.key("reference_sizes");
  write_numbers_json(json, liquidity.reference_sizes);
  json.key("depth_bands");
  write_numbers_json(json, analysis::kDepthBands);
  json.key("has_baseline").value(liquidity.has_baseline);
  json.key("with");
  write_averages_json(json, liquidity.with);
  json.key("without");
  write_averages_json(json, liquidity.without);
  json.end_object();

  json.key("sponsor").begin_object();
  write_fields_json(json, kSponsorFields, metrics.sponsor);
  for (const SponsorSeries& series : sponsor_series(metrics.sponsor)) {
    json.key(series.name);
    write_numbers_json(json, series.values);
  }
  json.end_object();
  json.key("rules");
  write_rules_json(json, metrics.rules);
  if (metrics.realism) {
    json.key("facts");
    write_facts_json(json, *metrics.realism, analysis::realism_bands(*metrics.realism));
  }
  json.end_object();
}

}  // namespace lmsim::sim::io
