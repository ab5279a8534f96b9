#include "sim/io/campaign_json.hpp"

#include "sim/io/campaign_config.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

void write_token_amount(JsonWriter& json, const engine::Campaign& campaign,
                        engine::BaseUnits amount) {
  json.raw_number(engine::format_token_amount(amount, campaign.reward_decimals));
}

void write_campaign_json(JsonWriter& json, const engine::Campaign& campaign) {
  const engine::RuleParams& params = campaign.params;
  json.begin_object();
  json.key("name").value(campaign.name);
  json.key("reward_token").value(campaign.reward_token);
  json.key("reward_decimals").value(campaign.reward_decimals);
  json.key("epoch_start").value(format_timestamp(campaign.epoch_start));
  json.key("epoch_length").value(format_duration(campaign.epoch_length));
  json.key("epochs").value(campaign.epochs);
  json.key("snapshot_interval").value(format_duration(campaign.snapshot_interval));
  json.key("slots_per_epoch").value(campaign.slots_per_epoch());
  json.key("rule").value(rule_name(campaign.rule));
  json.key("max_spread").value(params.max_spread);
  json.key("spread_factor").value(params.spread_factor);
  json.key("bid_share").value(params.bid_share);
  json.key("min_order_amount").value(params.min_order_amount);
  json.key("max_order_age");
  if (params.max_order_age) {
    json.value(format_duration(*params.max_order_age));
  } else {
    json.null();
  }
  json.key("markets").begin_array();
  for (const auto& market : campaign.markets) {
    json.begin_object();
    json.key("pair").value(market.pair);
    json.key("budget_per_epoch");
    write_token_amount(json, campaign, market.budget_per_epoch);
    json.end_object();
  }
  json.end_array();
  json.end_object();
}

void write_epochs_json(JsonWriter& json, const engine::Campaign& campaign,
                       std::span<const engine::EpochTotals> epochs) {
  json.begin_array();
  for (std::size_t epoch = 0; epoch < epochs.size(); ++epoch) {
    const auto& totals = epochs[epoch];
    json.begin_object();
    json.key("epoch").value(static_cast<std::int64_t>(epoch));
    json.key("start").value(format_timestamp(
        campaign.epoch_start + static_cast<std::int64_t>(epoch) * campaign.epoch_length));
    json.key("budget");
    write_token_amount(json, campaign, totals.budget);
    json.key("allocated");
    write_token_amount(json, campaign, totals.allocated);
    json.key("unallocated");
    write_token_amount(json, campaign, totals.unallocated);
    json.end_object();
  }
  json.end_array();
}

}  // namespace lmsim::sim::io
