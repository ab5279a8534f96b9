#include "engine/campaign.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace lmsim::engine {

std::optional<std::int64_t> Campaign::slot_at(Nanos t) const {
  if (t < epoch_start || t >= end()) return std::nullopt;
  return (t - epoch_start) / snapshot_interval;
}

const RuleConfig& Campaign::scoring_rule() const {
  if (rule) return *rule;
  // A campaign built in code without a rule scores with Hummingbot's defaults.
  static const std::shared_ptr<const RuleConfig> fallback = configure_rule("hummingbot");
  return *fallback;
}

std::unique_ptr<ScoringRule> Campaign::make_rule() const {
  return scoring_rule().make({});
}

std::optional<std::size_t> Campaign::market_index(const std::string& pair) const {
  for (std::size_t i = 0; i < markets.size(); ++i) {
    if (markets[i].pair == pair) return i;
  }
  return std::nullopt;
}

void validate(const Campaign& campaign) {
  const auto require = [](bool condition, const std::string& what) {
    if (!condition) throw std::invalid_argument("campaign: " + what);
  };
  require(campaign.reward_decimals >= 0 && campaign.reward_decimals <= kMaxRewardDecimals,
          "reward_decimals must be in [0, 18]");
  require(campaign.snapshot_interval > 0, "snapshot_interval must be > 0");
  require(campaign.epoch_length > 0, "epoch_length must be > 0");
  require(campaign.snapshot_offset >= 0 && campaign.snapshot_offset < campaign.snapshot_interval,
          "snapshot_offset must be in [0, snapshot_interval)");
  require(campaign.epoch_length % campaign.snapshot_interval == 0,
          "epoch_length must be a whole multiple of snapshot_interval");
  require(campaign.epochs >= 1, "epochs must be >= 1");
  // Checked step by step: a start before 1970 is negative, and max − start would overflow.
  Nanos span = 0;
  Nanos end = 0;
  require(!__builtin_mul_overflow(campaign.epoch_length, Nanos{campaign.epochs}, &span) &&
              !__builtin_add_overflow(campaign.epoch_start, span, &end),
          "the campaign must end before the year 2262");
  // The rule's parameters, each against its own bounds, then the rule's own cross-key checks.
  const ParamObject& params = campaign.scoring_rule().params();
  for (const ParamInfo& info : params.infos()) {
    const ParamValue value = params.get(info.key);
    const auto* unset = std::get_if<std::string>(&value);
    if ((info.type != ParamType::kText || info.optional) && unset != nullptr && unset->empty()) {
      continue;  // an optional left out
    }
    if (const auto problem = check_param_value(info, value))
      require(false, info.key + " " + *problem);
  }
  if (const auto error = params.validate()) require(false, error->key + " " + error->problem);
  require(!campaign.markets.empty(), "at least one market is needed");
  for (std::size_t i = 0; i < campaign.markets.size(); ++i) {
    require(campaign.markets[i].budget_per_epoch >= 0, "market budgets must be >= 0");
    for (std::size_t j = 0; j < i; ++j) {
      require(campaign.markets[i].pair != campaign.markets[j].pair,
              "market '" + campaign.markets[i].pair + "' is listed twice");
    }
  }
}

}  // namespace lmsim::engine
