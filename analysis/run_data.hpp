#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/campaign.hpp"
#include "engine/time.hpp"

namespace lmsim::analysis {

// What one `lmsim run` recorded, as plain values: everything results.h5 holds, and the input of
// the report metrics. A run collects it in memory as it goes (sim/app's RunCollector), computes
// its metrics from it and writes it; `lmsim report` reads it back from results.h5
// (sim/io/results_file, whose one list of datasets serves writer and reader alike); tests build
// small ones by hand. Field meanings and units are those of docs/results.md, where each field's
// dataset is described.

/// A dense row-major matrix: rows = snapshots, columns = miner accounts (in `RunData::miners`
/// order), as the /snapshot_miner datasets store them.
template <typename T>
struct Matrix {
  std::size_t rows = 0;
  std::size_t columns = 0;
  std::vector<T> values;  ///< rows × columns, row-major

  const T& at(std::size_t row, std::size_t column) const { return values[row * columns + column]; }
};

/// One input data file a run read (a recorded market, …), for the report's provenance.
struct DataFile {
  std::string path;     ///< as the scenario names it
  std::string sha256;   ///< 64 hex digits; empty when the file could not be read
  std::string problem;  ///< why it could not be read ("" when it was)
};

/// Where a run's results come from: enough to identify and reproduce the run.
struct RunProvenance {
  std::string run_directory;   ///< as given on the command line
  std::string results_sha256;  ///< of results.h5 as read
  std::int64_t schema_version = 0;
  std::string lmsim_version;
  std::string scenario_path;  ///< as given to `lmsim run`
  std::string scenario_text;  ///< the effective scenario (TOML), overrides applied
  std::uint64_t seed = 0;
  std::string scoring_rule;
  std::string source;                ///< "synthetic", or the kind of recorded market
  std::vector<DataFile> data_files;  ///< empty for a synthetic market
  engine::Nanos start = 0;           ///< simulated window [start, end), ns since the Unix epoch
  engine::Nanos end = 0;
  engine::Nanos dt = 0;  ///< clock step, ns
  std::uint64_t book_events = 0;
  std::uint64_t agent_wakes = 0;
  std::uint64_t events = 0;
  double tick_size = 0.0;  ///< quote currency per tick
  double lot_size = 0.0;   ///< base asset per lot
};

/// A replayed market's provenance (absent for a synthetic one).
struct ReplayInfo {
  std::string format;  ///< "lobster", "tardis" or "lmsim"
  std::vector<std::string> files;
  std::string queue_model;
  std::string on_bad_row;  ///< "error" or "skip"
  /// Bad rows dropped, by kind name ("crossed_book", …), in the readers' fixed order.
  std::vector<std::pair<std::string, std::int64_t>> bad_rows;
  std::int64_t dropped_rows = 0;
  std::int64_t levels_outside_window = 0;

  /// Problems found, all kinds together.
  std::int64_t problems() const {
    std::int64_t total = 0;
    for (const auto& entry : bad_rows) total += entry.second;
    return total;
  }
};

/// One miner account (a row of /miners) with its starting balances from the scenario.
struct MinerRecord {
  std::string name;
  std::string entity;
  std::string strategy;
  std::string group;
  /// The values drawn for the account by its [[miner_populations]] table ("bid_spread = 0.43,
  /// economics.reservation_yield = 0.12"); empty for a [[miners]] account.
  std::string drawn;
  std::int64_t reward_base_units = 0;  ///< exact total reward, 10^−reward_decimals tokens
  std::int64_t reward_bid = 0;
  std::int64_t reward_ask = 0;
  double weight_bid = 0.0;  ///< Σ over snapshots of Σ a·ρ(s), base asset
  double weight_ask = 0.0;
  std::int64_t maker_fills = 0;
  std::int64_t taker_fills = 0;
  double final_inventory = 0.0;  ///< base asset
  double final_quote = 0.0;      ///< quote currency
  double fees = 0.0;             ///< quote currency
  double pnl = 0.0;              ///< trading PnL, quote currency, rewards excluded
  double online_fraction = 0.0;
  double quoting_fraction = 0.0;
  double start_base = 0.0;              ///< starting base balance (scenario); NaN when unknown
  double start_quote = 0.0;             ///< starting quote balance (scenario); NaN when unknown
  std::int64_t eligible_snapshots = 0;  ///< snapshots with an eligible order on either side
  std::int64_t eligible_snapshots_bid = 0;
  std::int64_t eligible_snapshots_ask = 0;
  double uptime = 0.0;  ///< eligible_snapshots / snapshots
  double bought = 0.0;  ///< base asset
  double sold = 0.0;
  std::int64_t orders_submitted = 0;
  std::int64_t orders_rejected = 0;
  std::int64_t orders_post_only_rejected = 0;  ///< post-only orders refused for crossing
  std::int64_t cancels = 0;
  std::int64_t outages = 0;
  std::int64_t storm_withdrawals = 0;
  /// What the account offered takers on average over the campaign, both sides summed, base
  /// asset (Simulation::miner_useful_average): measured on the market's sample grid, not at the
  /// snapshots. NaN when no sample fell within the campaign.
  double size_at_touch_average = 0.0;
  double reference_fill_average = 0.0;
};

/// /snapshots: one entry per campaign snapshot, in time order.
struct SnapshotSeries {
  std::vector<engine::Nanos> time;
  std::vector<std::uint32_t> market;  ///< index into the campaign's markets
  std::vector<std::int64_t> slot;     ///< campaign slot, across epochs
  std::vector<std::int64_t> epoch;
  std::vector<double> mid;  ///< NaN when a book side was empty
  std::vector<double> best_bid;
  std::vector<double> best_ask;
  std::vector<std::int64_t> pool_bid;  ///< reward base units
  std::vector<std::int64_t> pool_ask;
  std::vector<std::int64_t> allocated_bid;
  std::vector<std::int64_t> allocated_ask;
  std::vector<std::int64_t> rolled_over_bid;
  std::vector<std::int64_t> rolled_over_ask;
  std::vector<std::uint32_t> eligible_miners_bid;
  std::vector<std::uint32_t> eligible_miners_ask;

  std::size_t size() const { return time.size(); }
};

/// /snapshot_miner: per snapshot and miner account.
struct SnapshotMinerData {
  Matrix<std::int64_t> reward;  ///< reward base units
  Matrix<double> weight_bid;
  Matrix<double> weight_ask;
  Matrix<double> eligible_amount_bid;  ///< base asset
  Matrix<double> eligible_amount_ask;
  Matrix<double> best_spread_bid;  ///< fraction of the mid; NaN when nothing eligible
  Matrix<double> best_spread_ask;
  Matrix<double> inventory;  ///< base asset
  /// What the miner offered takers, whatever the rule (sim/core/useful_liquidity_meter.hpp):
  /// its size at the best price of each side, and its part of the reference market orders'
  /// walks of each side summed over the reference sizes; base asset.
  Matrix<double> size_at_touch_bid;
  Matrix<double> size_at_touch_ask;
  Matrix<double> reference_fill_bid;
  Matrix<double> reference_fill_ask;
};

/// /fills: one entry per execution involving a miner, in time order.
struct FillSeries {
  std::vector<engine::Nanos> time;
  std::vector<std::uint32_t> miner;        ///< index into RunData::miners
  std::vector<std::uint8_t> side;          ///< 0 = the miner bought, 1 = it sold
  std::vector<double> price;               ///< quote currency
  std::vector<double> amount;              ///< base asset
  std::vector<std::uint8_t> maker;         ///< 1 = the miner's resting order was hit
  std::vector<std::int64_t> counterparty;  ///< the other side's index into miners, −1 = none
  /// The mid the fill is marked out against (sim/core/fill_markouts.hpp): at the last clock step
  /// at or before time + markout_horizon, quote currency; NaN when unmarked. Empty in a file
  /// written before the simulator recorded it (the analysis then looks the mid up in /market).
  std::vector<double> markout_mid;

  std::size_t size() const { return time.size(); }
};

/// /miners/decisions: every review of a miner with economics, in time order (miners in
/// simulation order at equal times).
struct DecisionSeries {
  std::vector<engine::Nanos> time;
  std::vector<std::uint32_t> miner;    ///< index into RunData::miners
  std::vector<std::uint8_t> active;    ///< 1 = quotes until the next review
  std::vector<double> size_scale;      ///< multiplies the strategy's order sizes
  std::vector<double> spread;          ///< percent; NaN = the strategy's own spreads
  std::vector<double> expected_yield;  ///< annual, net of trading, on the miner's capital
  std::vector<double> realised_yield;  ///< annual, net, over the economics' lookback

  std::size_t size() const { return time.size(); }
};

/// The bands of the /market depth columns: ±0.5%, ±1% and ±2% of the mid.
inline constexpr std::array<double, 3> kDepthBands = {0.005, 0.01, 0.02};

/// /market/trades (or /baseline/market/trades): the market's trades as printed on its tape, one
/// per execution against a resting order, in time order — a synthetic market's executions (the
/// miners' included), a replay's recorded trades.
struct TradeSeries {
  std::vector<engine::Nanos> time;
  std::vector<double> price;   ///< quote currency
  std::vector<double> amount;  ///< base asset
  std::vector<std::uint8_t>
      aggressor;  ///< 0 = buyer-initiated (lifted an ask), 1 = seller-initiated

  std::size_t size() const { return time.size(); }
};

/// /market (or /baseline/market): the market sampled every dt.
struct MarketSeries {
  std::vector<engine::Nanos> time;
  std::vector<double> mid;       ///< NaN when a side is empty
  std::vector<double> best_bid;  ///< NaN for an empty side
  std::vector<double> best_ask;
  std::array<std::vector<double>, 3> depth_bid;  ///< base asset within kDepthBands[b] of the mid
  std::array<std::vector<double>, 3> depth_ask;
  std::vector<double> reference_sizes;  ///< base asset, the columns of the slippage matrices
  Matrix<double> slippage_buy;          ///< fraction of the mid; NaN when undefined
  Matrix<double> slippage_sell;
  std::vector<double> fundamental;          ///< the hidden value (the mid for a replay)
  std::vector<double> realised_volatility;  ///< annualised EWMA of log mid returns
  std::vector<double> traded_volume;        ///< base asset traded since the start
  TradeSeries trades;                       ///< every trade of the sampled window

  std::size_t size() const { return time.size(); }
};

/// /epochs: one entry per market and epoch.
struct EpochRecord {
  std::int64_t epoch = 0;
  engine::Nanos start = 0;
  std::int64_t budget = 0;  ///< reward base units
  std::int64_t allocated = 0;
  std::int64_t unallocated = 0;
};

/// One miner account's totals under a further rule that scored the run (/rules/<name>/miners).
struct RuleMinerRecord {
  std::int64_t reward_base_units = 0;  ///< exact total reward, 10^−reward_decimals tokens
  std::int64_t reward_bid = 0;
  std::int64_t reward_ask = 0;
  double weight_bid = 0.0;  ///< the rule's side weights summed over snapshots
  double weight_ask = 0.0;
  std::int64_t eligible_snapshots = 0;
};

/// A further rule that scored the same run (`[[campaign.also_score]]`): its totals per miner
/// account (RunData::miners order) and per epoch of the simulated market.
struct RuleResults {
  std::string name;  ///< the also_score entry's name (unique in the run)
  std::string rule;  ///< the registered rule it names
  std::shared_ptr<const engine::RuleConfig> config;  ///< the rule with its parameters
  std::vector<RuleMinerRecord> miners;
  std::vector<EpochRecord> epochs;
};

/// One leaf of the effective scenario, flattened: `key` a path such as `miners[0].bid_spread`
/// (arrays of tables indexed from 0), `value` its TOML value as text.
struct ScenarioEntry {
  std::string key;
  std::string value;

  bool operator==(const ScenarioEntry&) const = default;
};

/// Everything one run recorded that the report uses.
struct RunData {
  RunProvenance provenance;
  std::string pair;                          ///< the simulated pair, e.g. "ETH-USDT"
  engine::Campaign campaign;                 ///< as run (read from the effective scenario)
  std::optional<double> reward_token_price;  ///< quote currency per reward token, when known
  engine::Nanos markout_horizon = 0;         ///< ns
  std::vector<MinerRecord> miners;
  SnapshotSeries snapshots;
  SnapshotMinerData snapshot_miner;
  FillSeries fills;
  DecisionSeries decisions;
  MarketSeries market;
  std::optional<MarketSeries> baseline;  ///< the run without miners, when recorded
  std::vector<EpochRecord> epochs;       ///< of the simulated market
  std::vector<RuleResults> rules;        ///< further rules that scored the run, in order
  /// `[analysis] honest`: the group or strategy names of the honest accounts; empty = all.
  std::vector<std::string> honest;
  std::vector<ScenarioEntry> scenario;     ///< the effective scenario, flattened, in key order
  std::uint32_t campaign_market = 0;       ///< index of `pair` in the campaign's markets
  std::optional<ReplayInfo> replay;        ///< what a replay read, when the market was recorded
  std::uint64_t baseline_book_events = 0;  ///< of the baseline run, when there was one
};

}  // namespace lmsim::analysis
