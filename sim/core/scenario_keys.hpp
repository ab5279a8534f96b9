#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/param_spec.hpp"
#include "sim/core/scenario.hpp"

namespace lmsim::sim {

// The numeric keys (and the plain choices) of a scenario's own tables — [sim], [market],
// [market.fundamental], [background] and its groups, a [[miners]] table's account keys,
// [analysis] — as ParamSpecs, so that every number a scenario holds is read and checked by one
// policy (engine::Bounds: finite and in its documented range) and documented by `lmsim keys`.
// Each spec fills a small struct of the table's keys; io's scenario loader reads the tables'
// other keys (dates, names, file lists, models) itself and moves the values into Scenario.

/// [sim] (besides `start`, a UTC date-time).
struct SimKeys {
  Nanos duration = 0;
  Nanos dt = engine::kNanosPerSecond;
  std::int64_t seed = 1;
  std::string miner_ticks = "on_change";
};
const engine::ParamSpec<SimKeys>& sim_keys_spec();

/// [market]'s numbers (besides `pair`, `source`, `fees`, a replay's keys and [market.fundamental]).
/// tick_size and lot_size are optional for a replay whose files record them.
struct MarketKeys {
  std::optional<double> tick_size;
  std::optional<double> lot_size;
  std::optional<double> initial_price;
  std::optional<double> reference_price;
  Nanos volatility_half_life = 5 * engine::kNanosPerMinute;
  Nanos volatility_interval = 0;
};
const engine::ParamSpec<MarketKeys>& market_keys_spec();

/// [market.fundamental]; `mean` unset is the market's initial price.
struct FundamentalKeys {
  std::optional<double> mean;
  FundamentalParams params;
};
const engine::ParamSpec<FundamentalKeys>& fundamental_keys_spec();

/// [background] itself.
struct BackgroundKeys {
  double order_size_scale = 1.0;
};
const engine::ParamSpec<BackgroundKeys>& background_keys_spec();

/// A background group: how many agents and their parameters.
template <typename Params>
struct GroupKeys {
  int count = 0;
  Params params;
};
const engine::ParamSpec<GroupKeys<agents::NoiseTraderParams>>& noise_keys_spec();
const engine::ParamSpec<GroupKeys<agents::ValueTraderParams>>& value_keys_spec();
const engine::ParamSpec<GroupKeys<agents::MomentumTraderParams>>& momentum_keys_spec();
const engine::ParamSpec<GroupKeys<agents::AdaptiveMarketMakerParams>>& market_maker_keys_spec();
const engine::ParamSpec<GroupKeys<agents::TakerFlowParams>>& taker_keys_spec();
const engine::ParamSpec<GroupKeys<agents::LiquidityProviderParams>>& liquidity_keys_spec();

/// A [[miners]] table's account keys (besides `name`, `strategy`, `entity` and `latency`).
struct MinerAccountKeys {
  int count = 1;
  double base_balance = 0.0;
  double quote_balance = 0.0;
  double stake = 1.0;
};
const engine::ParamSpec<MinerAccountKeys>& miner_account_keys_spec();

/// [analysis].
const engine::ParamSpec<AnalysisSettings>& analysis_keys_spec();

/// The shortest background wake interval a scenario may give (`mean_interval`): 1 ms.
inline constexpr Nanos kMinWakeInterval = engine::kNanosPerSecond / 1000;

}  // namespace lmsim::sim
