#include "sim/io/run_summary.hpp"

#include <cstdio>
#include <map>

#include "analysis/report_format.hpp"
#include "analysis/report_run.hpp"
#include "engine/version.hpp"
#include "sim/io/campaign_json.hpp"
#include "sim/io/json_writer.hpp"
#include "sim/io/metrics_export.hpp"
#include "sim/io/text_table.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace {

std::vector<engine::EpochTotals> epoch_totals(const analysis::RunData& run) {
  std::vector<engine::EpochTotals> totals;
  for (const analysis::EpochRecord& epoch : run.epochs) {
    totals.push_back({epoch.budget, epoch.allocated, epoch.unallocated, true});
  }
  return totals;
}

}  // namespace

std::string run_summary_json(const analysis::RunData& run, const analysis::RunMetrics& metrics) {
  const engine::Campaign& campaign = run.campaign;
  const analysis::RunProvenance& provenance = run.provenance;
  JsonWriter json;
  json.begin_object();
  json.key("lmsim_version").value(engine::kVersion);
  json.key("scenario").value(provenance.scenario_path);
  json.key("seed").value(static_cast<std::int64_t>(provenance.seed));
  json.key("start").value(format_timestamp(provenance.start));
  json.key("end").value(format_timestamp(provenance.end));
  json.key("campaign");
  write_campaign_json(json, campaign);
  // The run scores the simulated market; the campaign's other markets (none today) get nothing.
  json.key("markets").begin_array();
  for (std::size_t market = 0; market < campaign.markets.size(); ++market) {
    json.begin_object();
    json.key("pair").value(campaign.markets[market].pair);
    json.key("epochs");
    write_epochs_json(
        json, campaign,
        market == run.campaign_market ? epoch_totals(run) : std::vector<engine::EpochTotals>{});
    json.end_object();
  }
  json.end_array();

  json.key("miners").begin_array();
  for (const analysis::MinerRecord& miner : run.miners) {
    json.begin_object();
    json.key("name").value(miner.name);
    json.key("entity").value(miner.entity);
    json.key("strategy").value(miner.strategy);
    json.key("reward");
    write_token_amount(json, campaign, miner.reward_base_units);
    json.key("reward_bid");
    write_token_amount(json, campaign, miner.reward_bid);
    json.key("reward_ask");
    write_token_amount(json, campaign, miner.reward_ask);
    json.key("uptime").value(miner.uptime);
    json.key("eligible_snapshots").value(miner.eligible_snapshots);
    json.key("maker_fills").value(miner.maker_fills);
    json.key("taker_fills").value(miner.taker_fills);
    json.key("final_inventory").value(miner.final_inventory);
    json.key("pnl").value(miner.pnl);
    json.end_object();
  }
  json.end_array();

  // Entities in name order, as the metrics aggregate them.
  json.key("entities").begin_array();
  for (const analysis::ParticipantMetrics& entity : metrics.entities) {
    json.begin_object();
    json.key("name").value(entity.name);
    json.key("accounts").value(static_cast<std::int64_t>(entity.accounts));
    json.key("reward");
    write_token_amount(json, campaign, entity.reward_base_units);
    json.end_object();
  }
  json.end_array();

  // Each further rule that scored the run, by name: its parameters and its totals.
  json.key("rules").begin_object();
  for (const analysis::RuleResults& rule : run.rules) {
    json.key(rule.name).begin_object();
    json.key("rule").value(rule.rule);
    json.key("parameters");
    if (rule.config) {
      write_rule_params_json(json, *rule.config);
    } else {
      json.null();
    }
    json.key("epochs");
    std::vector<engine::EpochTotals> totals;
    for (const analysis::EpochRecord& epoch : rule.epochs) {
      totals.push_back({epoch.budget, epoch.allocated, epoch.unallocated, true});
    }
    write_epochs_json(json, campaign, totals);
    json.key("miners").begin_array();
    for (std::size_t miner = 0; miner < rule.miners.size(); ++miner) {
      const analysis::RuleMinerRecord& record = rule.miners[miner];
      json.begin_object();
      json.key("name").value(run.miners[miner].name);
      json.key("reward");
      write_token_amount(json, campaign, record.reward_base_units);
      json.key("eligible_snapshots").value(record.eligible_snapshots);
      json.end_object();
    }
    json.end_array();
    // Entities in name order, as the metrics aggregate them.
    std::map<std::string, engine::BaseUnits> entities;
    for (std::size_t miner = 0; miner < rule.miners.size(); ++miner) {
      entities[run.miners[miner].entity] += rule.miners[miner].reward_base_units;
    }
    json.key("entities").begin_array();
    for (const auto& [name, reward] : entities) {
      json.begin_object();
      json.key("name").value(name);
      json.key("reward");
      write_token_amount(json, campaign, reward);
      json.end_object();
    }
    json.end_array();
    json.end_object();
  }
  json.end_object();

  if (run.replay) {
    const analysis::ReplayInfo& replay = *run.replay;
    json.key("replay").begin_object();
    json.key("format").value(replay.format);
    json.key("files").begin_array();
    for (const std::string& file : replay.files) json.value(file);
    json.end_array();
    json.key("queue_model").value(replay.queue_model);
    json.key("on_bad_row").value(replay.on_bad_row);
    json.key("bad_rows").begin_object();
    for (const auto& [kind, count] : replay.bad_rows) json.key(kind).value(count);
    json.key("dropped_rows").value(replay.dropped_rows);
    json.end_object();
    json.key("levels_outside_window").value(replay.levels_outside_window);
    json.end_object();
  }
  json.key("run").begin_object();
  json.key("snapshots").value(static_cast<std::int64_t>(run.snapshots.size()));
  json.key("book_events").value(static_cast<std::int64_t>(provenance.book_events));
  json.key("agent_wakes").value(static_cast<std::int64_t>(provenance.agent_wakes));
  json.key("market_samples").value(static_cast<std::int64_t>(run.market.size()));
  json.end_object();
  json.key("metrics");
  write_metrics_json(json, metrics);
  json.end_object();
  return json.str();
}

std::string run_table(const analysis::RunData& run, std::string_view market) {
  const engine::Campaign& campaign = run.campaign;
  const analysis::RunProvenance& provenance = run.provenance;
  const std::string token = " (" + campaign.reward_token + ")";
  const std::string quote = " (" + analysis::pair_assets(run.pair).quote + ")";
  engine::BaseUnits allocated = 0;
  for (const analysis::EpochRecord& epoch : run.epochs) allocated += epoch.allocated;
  TextTable table;
  table.add_column("miner", TextTable::Align::kLeft);
  table.add_column("entity", TextTable::Align::kLeft);
  table.add_column("strategy", TextTable::Align::kLeft);
  table.add_column("reward" + token, TextTable::Align::kRight);
  table.add_column("share", TextTable::Align::kRight);
  table.add_column("uptime", TextTable::Align::kRight);
  table.add_column("fills", TextTable::Align::kRight);
  table.add_column("inventory", TextTable::Align::kRight);
  table.add_column("pnl" + quote, TextTable::Align::kRight);
  char number[64];
  for (const analysis::MinerRecord& miner : run.miners) {
    const engine::BaseUnits reward = miner.reward_base_units;
    std::snprintf(number, sizeof number, "%.4f", miner.final_inventory);
    std::string inventory = number;
    std::snprintf(number, sizeof number, "%.2f", miner.pnl);
    table.add_row(
        {miner.name, miner.entity, miner.strategy,
         engine::format_token_amount(reward, campaign.reward_decimals),
         analysis::format_percent(
             allocated > 0 ? static_cast<double>(reward) / static_cast<double>(allocated) : 0.0),
         analysis::format_percent(miner.uptime),
         std::to_string(miner.maker_fills + miner.taker_fills), inventory, number});
  }
  std::string text = "scenario " + provenance.scenario_path + " (seed " +
                     std::to_string(provenance.seed) +
                     "): " + format_duration(provenance.end - provenance.start) + " of " +
                     run.pair + " from " + format_timestamp(provenance.start) + ", " +
                     std::string(market) + ", " + std::to_string(run.miners.size()) + " miners\n";
  text += std::to_string(run.snapshots.size()) + " snapshots, " +
          std::to_string(provenance.book_events) + " book events, " +
          std::to_string(provenance.agent_wakes) + " agent wake-ups\n\n";
  text += table.str() + "\n";
  for (const analysis::EpochRecord& epoch : run.epochs) {
    text += run.pair + " epoch " + std::to_string(epoch.epoch) + ": budget " +
            engine::format_token_amount(epoch.budget, campaign.reward_decimals) + ", allocated " +
            engine::format_token_amount(epoch.allocated, campaign.reward_decimals) +
            ", unallocated " +
            engine::format_token_amount(epoch.unallocated, campaign.reward_decimals) + " " +
            campaign.reward_token + "\n";
  }
  // The further rules that scored the same run, epoch by epoch.
  for (const analysis::RuleResults& rule : run.rules) {
    for (const analysis::EpochRecord& epoch : rule.epochs) {
      text += "  scored by " + rule.name + ", epoch " + std::to_string(epoch.epoch) +
              ": allocated " +
              engine::format_token_amount(epoch.allocated, campaign.reward_decimals) +
              ", unallocated " +
              engine::format_token_amount(epoch.unallocated, campaign.reward_decimals) + " " +
              campaign.reward_token + "\n";
    }
  }
  return text;
}

}  // namespace lmsim::sim::io
