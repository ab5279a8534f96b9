#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/fairness.hpp"
#include "analysis/market_realism.hpp"
#include "analysis/reward_alignment.hpp"
#include "analysis/risk.hpp"
#include "analysis/run_data.hpp"
#include "analysis/step_series.hpp"
#include "engine/time.hpp"

namespace lmsim::analysis {

// The report metrics of one run (docs/metrics.md §8–10), computed from a RunData: per miner and
// per entity rewards, uptime, eligible depth, contribution, PnL, risk and yield; fairness across
// entities; the liquidity the campaign bought (with vs without it); and the sponsor's costs.
// Pure: the same RunData always gives the same numbers. Undefined figures are NaN (no baseline,
// nothing eligible, an unknown reward-token price), as everywhere in analysis/. Money is in
// reward tokens (base units × 10^−reward_decimals) unless a name says `value` (quote currency).

/// The time window the market averages and the sponsor's costs are measured over: the
/// campaign's epochs [epoch_start, epoch_start + epochs · epoch_length), clipped to the simulated
/// window (the warm-up before the campaign and any tail after it are left out).
struct TimeWindow {
  engine::Nanos start = 0;
  engine::Nanos end = 0;

  double days() const;  ///< (end − start) in days of 86,400 s
};

/// The campaign window of a run (see TimeWindow).
TimeWindow campaign_window(const RunData& run);

/// A set of miner accounts reported together: one account, or all accounts of one entity.
struct Participant {
  std::string name;
  std::vector<std::size_t> accounts;  ///< indices into RunData::miners, ascending
};

/// One participant per miner account, in /miners order.
std::vector<Participant> miner_participants(const RunData& run);
/// One participant per entity (/miners/entity), in byte order of the entity names, each with its
/// accounts in /miners order.
std::vector<Participant> entity_participants(const RunData& run);

/// The per-miner / per-entity metrics (docs/metrics.md §8). For an entity, "eligible" at a
/// snapshot means any of its accounts was; amounts, weights, rewards, PnL and capital are sums
/// over its accounts.
struct ParticipantMetrics {
  std::string name;
  std::size_t accounts = 0;
  std::string strategy;                ///< the accounts' strategy, "mixed" when they differ
  double reward = 0.0;                 ///< tokens
  std::int64_t reward_base_units = 0;  ///< the same, exact: 10^−reward_decimals tokens
  double reward_share = 0.0;           ///< of all rewards paid; NaN when nothing was paid
  double uptime_bid = 0.0;             ///< fraction of snapshots with eligible bid size
  double uptime_ask = 0.0;
  double mean_eligible_bid = 0.0;  ///< base asset, mean over snapshots of the eligible size
  double mean_eligible_ask = 0.0;
  double mean_best_spread_bid = 0.0;  ///< fraction, mean over the snapshots where defined
  double mean_best_spread_ask = 0.0;
  double contribution = 0.0;            ///< Σ (weight_bid + weight_ask), base asset × ρ
  double contribution_share = 0.0;      ///< of all miners' contribution; NaN when it is 0
  double reward_to_contribution = 0.0;  ///< reward_share / contribution_share
  double inventory_risk = 0.0;  ///< quote: std of Σ inventory × mid over snapshots with a mid
  double trading_pnl = 0.0;     ///< quote
  double net_pnl = 0.0;         ///< quote: trading_pnl + reward × token price; NaN if unknown
  MarkoutSummary markout{};     ///< of its fills after the run's markout horizon, quote
  std::size_t fills = 0;
  double committed_capital = 0.0;  ///< quote: Σ start_base × first mid + start_quote
  double reward_yield = 0.0;       ///< annualised reward value / committed capital; NaN if unknown
  /// What it gave takers and bore, whatever the rule (§8b, analysis/reward_alignment.hpp).
  UsefulLiquidity useful{};
  RiskBorne risk{};    ///< risk.inventory_risk repeats inventory_risk
  bool honest = true;  ///< all its accounts are honest ([analysis] honest)
};

/// One participant under one rule: its reward and how it is aligned with what it gave and bore.
struct RuleParticipantMetrics {
  std::string name;
  double reward = 0.0;  ///< tokens
  Alignment alignment;
};

/// How a population is paid under one rule: the concentration of rewards and their dispersion
/// per unit of useful liquidity and of risk (§8b).
struct RuleFairnessMetrics {
  std::size_t population = 0;
  double gini = 0.0;        ///< of rewards
  double top1_share = 0.0;  ///< of rewards
  AlignmentDispersion alignment;
};

/// One rule that scored the run (the campaign's own first, then the also_score rules), its
/// rewards measured against the same rule-independent denominators, so rules compare on
/// exactly the same market and orders.
struct RuleMetrics {
  std::string name;           ///< the campaign's rule name, or the also_score entry's
  std::string rule;           ///< the registered rule
  double total_reward = 0.0;  ///< tokens paid to miners
  std::vector<RuleParticipantMetrics> miners;    ///< /miners order
  std::vector<RuleParticipantMetrics> entities;  ///< entity name order
  RuleFairnessMetrics entity_fairness;
  RuleFairnessMetrics account_fairness;
};

/// The mark-out of every fill of the run (RunData::fills order) after its markout_horizon, quote
/// currency: (mid − price) × signed quantity (analysis/risk.hpp fill_markouts), the mid being
/// the one the simulator recorded for the fill (FillSeries::markout_mid: the last clock step at
/// or before time + horizon; NaN = unmarked), so the figure does not depend on the grid of
/// /market. A run without that column (a file written before it existed) falls back to the
/// /market mid in force at time + horizon; a fill whose horizon ends after the last market
/// sample is then not marked (NaN): the mid there is unknown.
std::vector<double> run_fill_markouts(const RunData& run);

/// The metrics of one participant; `markouts` is run_fill_markouts(run).
ParticipantMetrics participant_metrics(const RunData& run, const Participant& participant,
                                       std::span<const double> markouts);

/// How the rewards are spread across a population of participants (docs/metrics.md §8).
struct FairnessMetrics {
  std::size_t population = 0;
  double gini = 0.0;                ///< of rewards
  std::vector<LorenzPoint> lorenz;  ///< of rewards
  double herfindahl = 0.0;          ///< Σ share², of rewards
  double herfindahl_normalised = 0.0;
  double top1_share = 0.0;         ///< of the largest reward
  std::size_t top10pct_count = 0;  ///< ceil(10% · n)
  double top10pct_share = 0.0;
  double jain_ratio = 0.0;          ///< Jain's index of reward_to_contribution
  std::size_t jain_population = 0;  ///< participants with a contribution (a defined ratio)
  double spearman_reward_contribution = 0.0;  ///< rank correlation of reward and contribution
};

FairnessMetrics fairness_metrics(std::span<const ParticipantMetrics> participants);

/// A market's averages over a window (docs/metrics.md §9): each a WindowedMean of the sampled
/// series (the mean of the defined values and the share of time they were defined).
struct MarketAverages {
  WindowedMean mid{};
  WindowedMean spread_bps{};                   ///< (best_ask − best_bid) / mid × 10⁴
  std::array<WindowedMean, 3> depth{};         ///< bid + ask within kDepthBands[b], base asset;
                                               ///< undefined while the mid is (a side empty)
  std::vector<WindowedMean> slippage_buy_bps;  ///< per reference size, × 10⁴
  std::vector<WindowedMean> slippage_sell_bps;
};

MarketAverages market_averages(const MarketSeries& market, const TimeWindow& window);

/// The liquidity with the campaign (/market) and without it (/baseline/market, when recorded).
struct LiquidityMetrics {
  TimeWindow window;
  std::vector<double> reference_sizes;  ///< base asset
  MarketAverages with;
  bool has_baseline = false;
  MarketAverages without;  ///< all NaN (coverage 0) without a baseline
};

LiquidityMetrics liquidity_metrics(const RunData& run);

/// What the sponsor paid and what it bought (docs/metrics.md §10). Costs are per day of the
/// campaign window and in reward tokens; a cost is NaN when what it is per is not positive (the
/// campaign bought no depth, or the spread did not narrow) or without a baseline.
struct SponsorEconomics {
  double budget = 0.0;                  ///< tokens, Σ epochs
  double spent = 0.0;                   ///< tokens, Σ allocated
  double unallocated = 0.0;             ///< tokens, returned to the sponsor
  double days = 0.0;                    ///< of the campaign window
  double spent_per_day = 0.0;           ///< tokens per day
  double spent_value_per_day = 0.0;     ///< quote per day; NaN when the token price is unknown
  std::array<double, 3> added_depth{};  ///< base asset within kDepthBands[b], with − without
  std::array<double, 3> cost_per_added_depth{};    ///< tokens per day per unit of added depth
  double spread_reduction_bps = 0.0;               ///< without − with
  double cost_per_spread_bp = 0.0;                 ///< tokens per day per bp of reduction
  std::vector<double> slippage_reduction_buy_bps;  ///< per reference size, without − with
  std::vector<double> slippage_reduction_sell_bps;
  std::vector<double> cost_per_slippage_bp_buy;  ///< tokens per day per bp of reduction
  std::vector<double> cost_per_slippage_bp_sell;
};

SponsorEconomics sponsor_economics(const RunData& run, const LiquidityMetrics& liquidity);

/// Everything the report shows about one run.
struct RunMetrics {
  TimeWindow window;
  std::size_t snapshots = 0;
  double total_reward = 0.0;                 ///< tokens paid to miners
  std::vector<ParticipantMetrics> miners;    ///< /miners order
  std::vector<ParticipantMetrics> entities;  ///< entity name order
  FairnessMetrics entity_fairness;
  FairnessMetrics account_fairness;
  LiquidityMetrics liquidity;
  SponsorEconomics sponsor;
  std::vector<RuleMetrics> rules;  ///< every rule that scored the run, the campaign's first
  /// The stylised facts of the run's market (/market: with the campaign) and their checks
  /// (market_realism.hpp), over the whole simulated window; absent when not asked for.
  std::optional<MarketRealism> realism;
};

/// The metrics of one rule from its rewards per account (base units, RunData::miners order)
/// and the participants' already computed measures (`miners`, `entities` of RunMetrics).
RuleMetrics rule_metrics(const RunData& run, std::string name, std::string rule,
                         std::span<const std::int64_t> account_rewards,
                         std::span<const ParticipantMetrics> miners,
                         std::span<const ParticipantMetrics> entities);

/// The metrics of `run`; with `market_facts`, also the stylised facts of its market (the costly
/// part for long runs: a week sampled every second takes a few seconds).
RunMetrics compute_run_metrics(const RunData& run, bool market_facts = true);

/// RunMetrics::realism of `run` as compute_run_metrics measures it (the tick size of the run's
/// provenance, 0.01 when it has none), for callers that measure it apart from the rest:
/// compute_run_metrics(run, false) with this as its realism is compute_run_metrics(run, true),
/// whatever the number of `threads` the facts' parts are computed on.
MarketRealism run_market_realism(const RunData& run, unsigned threads = 1);

/// Reward base units as tokens: units × 10^−decimals.
double tokens(std::int64_t base_units, int reward_decimals);

}  // namespace lmsim::analysis
