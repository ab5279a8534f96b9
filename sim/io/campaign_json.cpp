#include "sim/io/campaign_json.hpp"

#include "sim/io/campaign_config.hpp"
#include "sim/io/value_parse.hpp"

namespace lmsim::sim::io {

void write_token_amount(JsonWriter& json, const engine::Campaign& campaign,
                        engine::BaseUnits amount) {
  json.raw_number(engine::format_token_amount(amount, campaign.reward_decimals));
}

void write_param_json(JsonWriter& json, const engine::ParamInfo& info,
                      const engine::ParamValue& value) {
  struct Write {
    JsonWriter& json;
    const engine::ParamInfo& info;
    void operator()(bool flag) const { json.value(flag); }
    void operator()(std::int64_t number) const { json.value(number); }
    void operator()(double number) const { json.value(number); }
    void operator()(const engine::Duration& duration) const {
      json.value(format_duration(duration.ns));
    }
    void operator()(const std::string& text) const {
      // An optional number or duration left unset reads back as an empty string.
      if (info.type != engine::ParamType::kText || (info.optional && text.empty())) {
        json.null();
      } else {
        json.value(text);
      }
    }
    void operator()(const std::vector<double>& numbers) const {
      json.begin_array();
      for (const double number : numbers) json.value(number);
      json.end_array();
    }
    void operator()(const std::vector<engine::ParamRow>& rows) const {
      json.begin_array();
      for (const engine::ParamRow& row : rows) {
        json.begin_array();
        for (const engine::ParamCell& cell : row) {
          if (const auto* number = std::get_if<double>(&cell)) {
            json.value(*number);
          } else {
            json.value(std::get<std::string>(cell));
          }
        }
        json.end_array();
      }
      json.end_array();
    }
  };
  std::visit(Write{json, info}, value);
}

void write_rule_params_json(JsonWriter& json, const engine::RuleConfig& rule) {
  json.begin_object();
  for (const engine::ParamInfo& info : rule.params().infos()) {
    json.key(info.key);
    write_param_json(json, info, rule.params().get(info.key));
  }
  json.end_object();
}

void write_campaign_json(JsonWriter& json, const engine::Campaign& campaign) {
  const engine::RuleConfig& rule = campaign.scoring_rule();
  json.begin_object();
  json.key("name").value(campaign.name);
  json.key("reward_token").value(campaign.reward_token);
  json.key("reward_decimals").value(campaign.reward_decimals);
  json.key("epoch_start").value(format_timestamp(campaign.epoch_start));
  json.key("epoch_length").value(format_duration(campaign.epoch_length));
  json.key("epochs").value(campaign.epochs);
  json.key("snapshot_interval").value(format_duration(campaign.snapshot_interval));
  // Only when not the default, so the summaries of runs with random snapshots are unchanged.
  if (campaign.snapshot_timing == engine::SnapshotTiming::kFixedOffset) {
    json.key("snapshot_timing").value("fixed_offset");
    json.key("snapshot_offset").value(format_duration(campaign.snapshot_offset));
  }
  json.key("slots_per_epoch").value(campaign.slots_per_epoch());
  json.key("rule").value(std::string(rule.name()));
  // The rule's parameters where a campaign file has them: beside "rule" for Hummingbot's,
  // else in an object named after the rule. Optional keys left unset are null.
  const bool inline_keys = rule_keys_inline(campaign);
  if (!inline_keys) json.key(rule.name()).begin_object();
  for (const engine::ParamInfo& info : rule.params().infos()) {
    json.key(info.key);
    write_param_json(json, info, rule.params().get(info.key));
  }
  if (!inline_keys) json.end_object();
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
