#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/campaign.hpp"
#include "sim/core/agents/adaptive_market_maker.hpp"
#include "sim/core/agents/liquidity_provider.hpp"
#include "sim/core/agents/momentum_trader.hpp"
#include "sim/core/agents/noise_trader.hpp"
#include "sim/core/agents/taker_flow.hpp"
#include "sim/core/agents/value_trader.hpp"
#include "sim/core/fee_model.hpp"
#include "sim/core/fundamental_process.hpp"
#include "sim/core/latency_model.hpp"
#include "sim/core/market_spec.hpp"
#include "sim/core/miners/economics.hpp"
#include "sim/core/miners/miner_agent.hpp"
#include "sim/core/queue_model.hpp"
#include "sim/core/replay/bad_row.hpp"
#include "sim/core/replay/market_event.hpp"

namespace lmsim::sim {

/// `[sim]`: the simulated time window, its clock and the master seed.
struct SimSettings {
  Nanos start = 0;
  Nanos duration = 0;
  Nanos step = engine::kNanosPerSecond;  ///< dt: miners act and the market is sampled on this clock
  std::uint64_t seed = 1;
  bool miners_tick_every_step = false;  ///< `miner_ticks = "every_step"` (reference mode)

  Nanos end() const { return start + duration; }
};

/// A recorded market to replay (`[market] source = "replay"`).
struct ReplaySettings {
  std::string format;              ///< "lobster", "tardis" or "lmsim" (a market.h5)
  std::vector<std::string> files;  ///< resolved against the scenario file's folder
  replay::EventClock clock = replay::EventClock::kExchange;
  std::string trading_date;                       ///< LOBSTER; empty: from the file name
  Nanos utc_offset = -4 * engine::kNanosPerHour;  ///< LOBSTER: exchange time minus UTC
  replay::OnBadRow on_bad_row = replay::OnBadRow::kError;
  /// How a virtual order's place in its recorded queue moves (queue_model.hpp).
  std::shared_ptr<const QueueConfig> queue;
};

/// `[market]`: the instrument and, for a synthetic market, its fundamental value.
struct MarketSettings {
  MarketSpec spec;
  std::shared_ptr<const FeeConfig> fees;  ///< what the venue charges (fee_model.hpp)
  double initial_price = 100.0;
  /// What miners quote around while the book is empty (see MarketSignals::empty_book_price).
  std::optional<double> reference_price;
  std::string source = "synthetic";
  std::optional<ReplaySettings> replay;
  FundamentalParams fundamental;
  Nanos volatility_half_life = 5 * engine::kNanosPerMinute;  ///< of the realised-volatility EWMA
  /// The realised volatility is estimated from log mid returns over this interval; 0 (the
  /// default) uses the returns between consecutive samples, as before the key existed. Returns of
  /// one second carry the book's bounce, which inflates a variance summed up to a year: a minute
  /// measures the volatility of the price rather than of the quotes.
  Nanos volatility_interval = 0;
};

/// `[background]`: the synthetic market's population (counts of 0 switch a group off).
struct BackgroundSettings {
  double order_size_scale = 1.0;  ///< lots per share of ABIDES' order-size model
  int noise_count = 0;
  agents::NoiseTraderParams noise;
  int value_count = 0;
  agents::ValueTraderParams value;
  int momentum_count = 0;
  agents::MomentumTraderParams momentum;
  int market_maker_count = 0;
  agents::AdaptiveMarketMakerParams market_maker;
  int taker_count = 0;
  agents::TakerFlowParams takers;
  int liquidity_count = 0;
  agents::LiquidityProviderParams liquidity;

  int total() const {
    return noise_count + value_count + momentum_count + market_maker_count + taker_count +
           liquidity_count;
  }
};

/// One `[[miners]]` table: `count` identical accounts of one strategy, owned by `entity`.
struct MinerGroup {
  std::string name;
  std::shared_ptr<const miners::StrategyConfig> strategy;  ///< its kind and parameters
  std::shared_ptr<const LatencyConfig> latency;  ///< of its order requests (latency_model.hpp)
  int count = 1;
  std::string entity;          ///< empty: each account is its own entity
  double base_balance = 0.0;   ///< starting base asset per account
  double quote_balance = 0.0;  ///< starting quote currency per account
  double stake = 1.0;          ///< each account's stake, for rules that weigh stake (dYdX); ≥ 0
  miners::MinerBehaviour behaviour;
  /// Why it quotes at all (economics.hpp); nullopt: it quotes as configured, whatever it pays.
  std::optional<miners::EconomicsParams> economics;
  /// For an account of a `[[miner_populations]]` table: the values it drew ("bid_spread =
  /// 0.43, economics.reservation_yield = 0.12"); empty otherwise.
  std::string drawn;
};

/// `[analysis]`: what the run measures for reports, beyond what the campaign needs.
struct AnalysisSettings {
  /// Market orders (base asset) whose slippage against the mid is sampled with the market.
  std::vector<double> reference_order_sizes{1.0, 10.0, 100.0};
  /// Quote currency per reward token, to value rewards in PnL; unset = 1 when the reward token
  /// is the quote currency, the mid when it is the base asset, unknown otherwise.
  std::optional<double> reward_token_price;
  Nanos markout_horizon = engine::kNanosPerMinute;  ///< for the adverse-selection mark-out
  bool baseline = true;  ///< also run the scenario without miners (liquidity without the campaign)
  /// How often the market series (/market, /baseline/market) is recorded: a whole multiple of
  /// sim.dt; unset: default_sample_interval (market_sampler.hpp: every dt up to a day, at most
  /// 86,400 samples beyond). Agents' signals (realised volatility) and fill mark-outs still
  /// follow every dt.
  std::optional<Nanos> sample_interval;
  /// The honest accounts, by `[[miners]]` group or strategy name, against whose median the
  /// gaming premium is measured (docs/metrics.md); empty: every account is honest.
  std::vector<std::string> honest;
};

/// A rule that scores the run beside the campaign's own (`[[campaign.also_score]]`, or
/// `lmsim run --also-score`): the same snapshots and fills, its own ledger and totals.
struct AlsoScoredRule {
  std::string name;  ///< unique among the run's rules; the rule's name unless the table gives one
  std::shared_ptr<const engine::RuleConfig> rule;
};

/// A whole run, as read from a scenario file (with command-line overrides applied).
struct Scenario {
  std::string path;
  std::string effective_text;  ///< the scenario as run, in TOML (overrides included)
  /// What the market without the miners depends on: the path and the effective scenario less
  /// [campaign], [[miners]], [[miner_populations]] and [sweep] (without miners nothing reads the
  /// campaign). Scenarios with equal keys have the same baseline run (app::BaselineMarkets);
  /// empty when unknown (a scenario built in code), and then no baseline is shared. Code that
  /// changes any other setting of a loaded scenario must clear it.
  std::string baseline_key;
  SimSettings sim;
  MarketSettings market;
  BackgroundSettings background;
  engine::Campaign campaign;
  std::vector<AlsoScoredRule> also_score;  ///< further rules scoring the same run
  std::size_t campaign_market = 0;         ///< index of market.spec.pair in campaign.markets
  std::vector<MinerGroup> miners;
  AnalysisSettings analysis;
};

}  // namespace lmsim::sim
