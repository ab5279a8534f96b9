#include "engine/campaign.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace lmsim::engine {

std::optional<std::int64_t> Campaign::slot_at(Nanos t) const {
  if (t < epoch_start || t >= end()) return std::nullopt;
  return (t - epoch_start) / snapshot_interval;
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
  const RuleParams& params = campaign.params;
  require(campaign.reward_decimals >= 0 && campaign.reward_decimals <= kMaxRewardDecimals,
          "reward_decimals must be in [0, 18]");
  require(campaign.snapshot_interval > 0, "snapshot_interval must be > 0");
  require(campaign.epoch_length > 0, "epoch_length must be > 0");
  require(campaign.epoch_length % campaign.snapshot_interval == 0,
          "epoch_length must be a whole multiple of snapshot_interval");
  require(campaign.epochs >= 1, "epochs must be >= 1");
  require(campaign.epoch_length <=
              (std::numeric_limits<Nanos>::max() - campaign.epoch_start) / campaign.epochs,
          "the campaign must end before the year 2262");
  require(std::isfinite(params.max_spread) && params.max_spread > 0.0, "max_spread must be > 0");
  require(std::isfinite(params.spread_factor) && params.spread_factor >= 0.0,
          "spread_factor must be >= 0");
  require(params.bid_share >= 0.0 && params.bid_share <= 1.0, "bid_share must be in [0, 1]");
  require(std::isfinite(params.min_order_amount) && params.min_order_amount >= 0.0,
          "min_order_amount must be >= 0");
  require(!params.max_order_age || *params.max_order_age > 0, "max_order_age must be > 0");
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
