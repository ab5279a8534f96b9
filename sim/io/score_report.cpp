#include "sim/io/score_report.hpp"

#include <algorithm>

#include "analysis/report_format.hpp"
#include "engine/version.hpp"
#include "sim/io/campaign_json.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/json_writer.hpp"
#include "sim/io/text_table.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

namespace {

using engine::BaseUnits;
using engine::Campaign;
using engine::MinerId;

std::string tokens(const Campaign& campaign, BaseUnits amount) {
  return engine::format_token_amount(amount, campaign.reward_decimals);
}

// CSV fields that contain a separator, quote or line break are quoted (RFC 4180).
std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

/// The miners that placed orders in `market`, in name order (which is id order).
std::vector<MinerId> market_miners(const ScoreInput& input, const ScoreOutcome& outcome,
                                   std::size_t market) {
  std::vector<MinerId> miners;
  for (MinerId miner = 0; miner < input.miner_names.size(); ++miner) {
    if (outcome.has_orders[market][miner]) miners.push_back(miner);
  }
  return miners;
}

BaseUnits market_allocated(const ScoreOutcome& outcome, std::size_t market) {
  BaseUnits total = 0;
  for (const auto& epoch : outcome.epochs[market]) total += epoch.allocated;
  return total;
}

double share_of(BaseUnits part, BaseUnits whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

}  // namespace

std::string score_table(const Campaign& campaign, const ScoreInput& input,
                        const ScoreOutcome& outcome) {
  const std::string unit = " (" + campaign.reward_token + ")";
  TextTable table;
  table.add_column("market", TextTable::Align::kLeft);
  table.add_column("miner", TextTable::Align::kLeft);
  table.add_column("bid reward" + unit, TextTable::Align::kRight);
  table.add_column("ask reward" + unit, TextTable::Align::kRight);
  table.add_column("total" + unit, TextTable::Align::kRight);
  table.add_column("share", TextTable::Align::kRight);
  table.add_column("eligible snapshots", TextTable::Align::kRight);
  std::string epochs_text;
  for (std::size_t market = 0; market < campaign.markets.size(); ++market) {
    const std::string& pair = campaign.markets[market].pair;
    const BaseUnits allocated = market_allocated(outcome, market);
    for (const MinerId miner : market_miners(input, outcome, market)) {
      const auto& totals = outcome.miners[market][miner];
      table.add_row({pair, input.miner_names[miner], tokens(campaign, totals.reward[0]),
                     tokens(campaign, totals.reward[1]), tokens(campaign, totals.total_reward()),
                     analysis::format_percent(share_of(totals.total_reward(), allocated)),
                     std::to_string(totals.eligible_snapshots)});
    }
    for (std::size_t epoch = 0; epoch < outcome.epochs[market].size(); ++epoch) {
      const auto& totals = outcome.epochs[market][epoch];
      epochs_text += pair + " epoch " + std::to_string(epoch) + " from " +
                     format_timestamp(campaign.epoch_start +
                                      static_cast<std::int64_t>(epoch) * campaign.epoch_length) +
                     ": budget " + tokens(campaign, totals.budget) + ", allocated " +
                     tokens(campaign, totals.allocated) + ", unallocated " +
                     tokens(campaign, totals.unallocated) + " " + campaign.reward_token + "\n";
    }
  }
  std::string header =
      "campaign " + io::quoted(campaign.name) + ": " + std::to_string(campaign.markets.size()) +
      " market(s), " + std::to_string(campaign.epochs) + " epoch(s) of " +
      format_duration(campaign.epoch_length) + ", " + std::to_string(campaign.slots_per_epoch()) +
      " slots of " + format_duration(campaign.snapshot_interval) + " each\n";
  header += "scored " + std::to_string(input.snapshots.size()) + " snapshots, " +
            std::to_string(input.order_count()) + " orders from " +
            std::to_string(input.miner_names.size()) + " miners\n\n";
  return header + table.str() + "\n" + epochs_text;
}

std::string allocations_csv(const Campaign& campaign, const ScoreInput& input,
                            const ScoreOutcome& outcome) {
  std::string csv = "market,miner,bid_reward,ask_reward,total_reward,eligible_snapshots\n";
  for (std::size_t market = 0; market < campaign.markets.size(); ++market) {
    for (const MinerId miner : market_miners(input, outcome, market)) {
      const auto& totals = outcome.miners[market][miner];
      csv += csv_field(campaign.markets[market].pair) + ',' + csv_field(input.miner_names[miner]) +
             ',' + tokens(campaign, totals.reward[0]) + ',' + tokens(campaign, totals.reward[1]) +
             ',' + tokens(campaign, totals.total_reward()) + ',' +
             std::to_string(totals.eligible_snapshots) + '\n';
    }
  }
  return csv;
}

std::string snapshots_csv(const Campaign& campaign, const ScoreInput& input,
                          const ScoreOutcome& outcome) {
  std::string csv =
      "timestamp,market,epoch,slot,mid_price,side,pool,allocated,rolled_over,eligible_miners\n";
  for (std::size_t i = 0; i < input.snapshots.size(); ++i) {
    const SnapshotRecord& snapshot = input.snapshots[i];
    const std::string prefix = format_timestamp(snapshot.time) + ',' +
                               csv_field(campaign.markets[snapshot.market].pair) + ',' +
                               std::to_string(campaign.epoch_of_slot(snapshot.slot)) + ',' +
                               std::to_string(snapshot.slot) + ',' + format_number(snapshot.mid);
    for (const engine::Side side : {engine::Side::kBid, engine::Side::kAsk}) {
      const auto& pool = outcome.snapshots[i].sides[engine::side_index(side)];
      csv += prefix + ',' + std::string(engine::side_name(side)) + ',' +
             tokens(campaign, pool.pool) + ',' + tokens(campaign, pool.allocated) + ',' +
             tokens(campaign, pool.rolled_over) + ',' +
             std::to_string(outcome.snapshots[i].eligible_miners[engine::side_index(side)]) + '\n';
    }
  }
  return csv;
}

std::string score_summary_json(const Campaign& campaign, const ScoreInput& input,
                               const ScoreOutcome& outcome) {
  JsonWriter json;
  json.begin_object();
  json.key("lmsim_version").value(engine::kVersion);
  json.key("campaign");
  write_campaign_json(json, campaign);
  json.key("inputs").begin_object();
  json.key("snapshots").value(static_cast<std::int64_t>(input.snapshots.size()));
  json.key("orders").value(static_cast<std::int64_t>(input.order_count()));
  json.key("miners").value(static_cast<std::int64_t>(input.miner_names.size()));
  json.end_object();

  json.key("markets").begin_array();
  for (std::size_t market = 0; market < campaign.markets.size(); ++market) {
    const BaseUnits allocated = market_allocated(outcome, market);
    json.begin_object();
    json.key("pair").value(campaign.markets[market].pair);
    json.key("epochs");
    write_epochs_json(json, campaign, outcome.epochs[market]);
    json.key("miners").begin_array();
    for (const MinerId miner : market_miners(input, outcome, market)) {
      const auto& totals = outcome.miners[market][miner];
      json.begin_object();
      json.key("name").value(input.miner_names[miner]);
      json.key("bid_reward");
      write_token_amount(json, campaign, totals.reward[0]);
      json.key("ask_reward");
      write_token_amount(json, campaign, totals.reward[1]);
      json.key("reward");
      write_token_amount(json, campaign, totals.total_reward());
      json.key("share").value(share_of(totals.total_reward(), allocated));
      json.key("eligible_snapshots").value(totals.eligible_snapshots);
      json.end_object();
    }
    json.end_array();
    json.end_object();
  }
  json.end_array();

  // Totals across markets, by miner name (= id order).
  json.key("miners").begin_array();
  for (MinerId miner = 0; miner < input.miner_names.size(); ++miner) {
    BaseUnits reward = 0;
    for (std::size_t market = 0; market < campaign.markets.size(); ++market) {
      reward += outcome.miners[market][miner].total_reward();
    }
    json.begin_object();
    json.key("name").value(input.miner_names[miner]);
    json.key("reward");
    write_token_amount(json, campaign, reward);
    json.end_object();
  }
  json.end_array();
  json.end_object();
  return json.str();
}

}  // namespace lmsim::sim::io
