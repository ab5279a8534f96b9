#pragma once

#include <span>

#include "engine/campaign.hpp"
#include "engine/reward_ledger.hpp"
#include "sim/io/json_writer.hpp"

namespace lmsim::sim::io {

/// Writes one parameter's value: booleans, numbers and arrays as JSON values, durations and
/// text as strings, an optional key left unset as null.
void write_param_json(JsonWriter& json, const engine::ParamInfo& info,
                      const engine::ParamValue& value);

/// Writes a rule's parameters as a JSON object of its keys (unset optional keys are null).
void write_rule_params_json(JsonWriter& json, const engine::RuleConfig& rule);

/// Writes the campaign's parameters as a JSON object (the provenance part of every summary).
void write_campaign_json(JsonWriter& json, const engine::Campaign& campaign);

/// Writes one market's epochs as a JSON array of {epoch, start, budget, allocated, unallocated},
/// amounts in token units with exactly `reward_decimals` digits. `lmsim score` and `lmsim run`
/// both write this, so their summaries agree to the last digit.
void write_epochs_json(JsonWriter& json, const engine::Campaign& campaign,
                       std::span<const engine::EpochTotals> epochs);

/// An exact token amount as a JSON number ("20.000000000").
void write_token_amount(JsonWriter& json, const engine::Campaign& campaign,
                        engine::BaseUnits amount);

}  // namespace lmsim::sim::io
