#include "sim/io/facts_report.hpp"

#include <cmath>
#include <cstdint>

#include "analysis/report_format.hpp"
#include "sim/io/text_table.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace {

using analysis::Estimate;
using analysis::MarketRealism;
using analysis::NamedFact;
using analysis::RealismBand;

/// Whether a fact is shown in the short table: the absolute-return autocorrelation at a few lags
/// only, and the depth of both sides added.
bool in_short_table(const std::string& name) {
  if (name.starts_with("depth.bid.") || name.starts_with("depth.ask.")) return false;
  const std::size_t at = name.find(".abs_acf.");
  if (at == std::string::npos) return true;
  const std::string lag = name.substr(at + 9);
  for (const char* shown : {"1", "2", "5", "10", "20", "30", "60"}) {
    if (lag == shown) return true;
  }
  return false;
}

std::string number(double value) {
  return analysis::format_significant(value, 4);
}

std::string interval(const Estimate& estimate) {
  if (std::isnan(estimate.ci_low)) return "";
  return "[" + number(estimate.ci_low) + ", " + number(estimate.ci_high) + "]";
}

/// "1s, 1m and 5m".
std::string horizons_text(const std::vector<engine::Nanos>& horizons) {
  std::string text;
  for (std::size_t i = 0; i < horizons.size(); ++i) {
    if (i > 0) text += i + 1 == horizons.size() ? " and " : ", ";
    text += format_duration(horizons[i]);
  }
  return text;
}

std::string window_text(const MarketRealism& realism) {
  std::string text = format_timestamp(realism.start) + " to " + format_timestamp(realism.end) +
                     ", " + std::to_string(realism.samples) + " samples every " +
                     format_duration(realism.step) + " (" + std::to_string(realism.defined_mids) +
                     " with a mid)";
  if (realism.facts.trades) {
    text += ", " + std::to_string(realism.facts.trades->count) + " trades";
  }
  if (!realism.horizons_not_computed.empty()) {
    text += "\n  returns not computed at " + horizons_text(realism.horizons_not_computed) +
            ": the series is sampled every " + format_duration(realism.step) +
            ", which does not divide them (a run records them with [analysis] "
            "sample_interval set to sim.dt, or to an interval dividing them)";
  }
  return text;
}

}  // namespace

std::string facts_table(const std::vector<FactsColumn>& columns, bool all) {
  std::string out;
  std::vector<std::vector<NamedFact>> facts;
  for (const FactsColumn& column : columns) {
    out += column.label + ": " + window_text(*column.realism) + "\n";
    facts.push_back(analysis::realism_facts(*column.realism));
  }
  out += "\n";
  TextTable table;
  table.add_column("fact", TextTable::Align::kLeft);
  for (const FactsColumn& column : columns) {
    table.add_column(columns.size() == 1 ? "value" : column.label, TextTable::Align::kRight);
    table.add_column("95% CI", TextTable::Align::kLeft);
  }
  for (std::size_t row = 0; row < facts.front().size(); ++row) {
    const std::string& name = facts.front()[row].name;
    if (!all && !in_short_table(name)) continue;
    std::vector<std::string> cells{name};
    for (const auto& column : facts) {
      // Columns share names and order unless their horizons differ (a coarser grid).
      const NamedFact* fact = nullptr;
      if (row < column.size() && column[row].name == name) {
        fact = &column[row];
      } else {
        for (const NamedFact& other : column) {
          if (other.name == name) fact = &other;
        }
      }
      cells.push_back(fact ? number(fact->estimate.value) : "");
      cells.push_back(fact ? interval(fact->estimate) : "");
    }
    table.add_row(std::move(cells));
  }
  return out + table.str();
}

std::string realism_bands_table(const std::vector<RealismBand>& bands) {
  TextTable table;
  table.add_column("band", TextTable::Align::kLeft);
  table.add_column("value", TextTable::Align::kRight);
  table.add_column("range", TextTable::Align::kLeft);
  table.add_column("", TextTable::Align::kLeft);
  for (const RealismBand& band : bands) {
    const std::string high = std::isinf(band.high) ? "inf" : number(band.high);
    table.add_row({band.rule, number(band.value), "[" + number(band.low) + ", " + high + "]",
                   band.holds ? "holds" : "FAILS"});
  }
  return table.str();
}

void write_facts_json(JsonWriter& json, const MarketRealism& realism,
                      const std::vector<RealismBand>& bands) {
  json.begin_object();
  json.key("window").begin_object();
  json.key("start").value(format_timestamp(realism.start));
  json.key("end").value(format_timestamp(realism.end));
  json.key("step").value(format_duration(realism.step));
  json.key("samples").value(static_cast<std::int64_t>(realism.samples));
  json.key("defined_mids").value(static_cast<std::int64_t>(realism.defined_mids));
  json.key("trades").value(
      static_cast<std::int64_t>(realism.facts.trades ? realism.facts.trades->count : 0));
  // Only when some are missing, so a market sampled every second reads as it always has.
  if (!realism.horizons_not_computed.empty()) {
    json.key("horizons_not_computed").begin_array();
    for (const engine::Nanos horizon : realism.horizons_not_computed) {
      json.value(format_duration(horizon));
    }
    json.end_array();
  }
  json.end_object();
  json.key("facts").begin_object();
  for (const NamedFact& fact : analysis::realism_facts(realism)) {
    json.key(fact.name).begin_object();
    json.key("value").value(fact.estimate.value);
    json.key("standard_error").value(fact.estimate.standard_error);
    json.key("ci_low").value(fact.estimate.ci_low);
    json.key("ci_high").value(fact.estimate.ci_high);
    json.end_object();
  }
  json.end_object();
  json.key("bands").begin_array();
  for (const RealismBand& band : bands) {
    json.begin_object();
    json.key("name").value(band.name);
    json.key("rule").value(band.rule);
    json.key("value").value(band.value);
    json.key("low").value(band.low);
    json.key("high").value(band.high);
    json.key("holds").value(band.holds);
    json.end_object();
  }
  json.end_array();
  json.end_object();
}

void write_facts_hdf5(Hdf5Writer& file, const std::string& group, const MarketRealism& realism,
                      const std::vector<RealismBand>& bands) {
  const std::vector<NamedFact> facts = analysis::realism_facts(realism);
  std::vector<std::string> names;
  std::vector<double> values;
  std::vector<double> errors;
  std::vector<double> lows;
  std::vector<double> highs;
  for (const NamedFact& fact : facts) {
    names.push_back(fact.name);
    values.push_back(fact.estimate.value);
    errors.push_back(fact.estimate.standard_error);
    lows.push_back(fact.estimate.ci_low);
    highs.push_back(fact.estimate.ci_high);
  }
  file.create_group(group);
  file.write(group + "/name", names, kTextUnits);
  file.write(group + "/value", values, "the fact's own unit (docs/facts.md)");
  file.write(group + "/standard_error", errors, "the fact's own unit");
  file.write(group + "/ci_low", lows, "the fact's own unit (95% bootstrap interval)");
  file.write(group + "/ci_high", highs, "the fact's own unit (95% bootstrap interval)");
  file.set_attribute(group, "window_start", realism.start);
  file.set_attribute(group, "window_end", realism.end);
  file.set_attribute(group, "step", realism.step);
  file.set_attribute(group, "samples", static_cast<std::int64_t>(realism.samples));
  file.set_attribute(group, "defined_mids", static_cast<std::int64_t>(realism.defined_mids));
  file.set_attribute(
      group, "trades",
      static_cast<std::int64_t>(realism.facts.trades ? realism.facts.trades->count : 0));
  std::vector<std::string> band_names;
  std::vector<std::string> rules;
  std::vector<double> band_values;
  std::vector<double> band_lows;
  std::vector<double> band_highs;
  std::vector<std::uint8_t> holds;
  for (const RealismBand& band : bands) {
    band_names.push_back(band.name);
    rules.push_back(band.rule);
    band_values.push_back(band.value);
    band_lows.push_back(band.low);
    band_highs.push_back(band.high);
    holds.push_back(band.holds ? 1 : 0);
  }
  const std::string bands_group = group + "/bands";
  file.create_group(bands_group);
  file.write(bands_group + "/name", band_names, kTextUnits);
  file.write(bands_group + "/rule", rules, kTextUnits);
  file.write(bands_group + "/value", band_values, "the figure's own unit");
  file.write(bands_group + "/low", band_lows, "the figure's own unit");
  file.write(bands_group + "/high", band_highs, "the figure's own unit");
  file.write(bands_group + "/holds", holds, "1 = the value lies in [low, high]");
}

}  // namespace lmsim::sim::io
