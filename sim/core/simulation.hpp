#pragma once

#include <array>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/number_text.hpp"
#include "engine/reward_ledger.hpp"
#include "engine/snapshot.hpp"
#include "sim/core/agent.hpp"
#include "sim/core/campaign_scorer.hpp"
#include "sim/core/event_queue.hpp"
#include "sim/core/fill_markouts.hpp"
#include "sim/core/market_source.hpp"
#include "sim/core/miners/miner_agent.hpp"
#include "sim/core/replay/market_event_reader.hpp"
#include "sim/core/run_observer.hpp"
#include "sim/core/scenario.hpp"
#include "sim/core/useful_liquidity_meter.hpp"

namespace lmsim::sim {

/// A miner account of the run.
struct MinerInfo {
  std::string name;    ///< unique: the group name, numbered when the group has several accounts
  std::string entity;  ///< who owns it (its own name unless the scenario groups accounts)
  std::string group;
  std::string strategy;  ///< the registered name of its strategy
  OwnerId account = 0;
  Lots initial_base = 0;
  std::int64_t initial_cash = 0;
};

/// Counters of a finished run.
struct RunStatistics {
  std::uint64_t events = 0;       ///< scheduler events processed
  std::uint64_t book_events = 0;  ///< order submissions, cancellations and executions
  std::uint64_t agent_wakes = 0;
  std::uint64_t snapshots = 0;
  std::uint64_t samples = 0;
};

class MarketSampler;

/// The name of account `index` (0-based) of a miner group: the group's name when it has one
/// account, else numbered and zero-padded to the group's size so that names sort in order
/// ("pmm-07").
std::string account_name(const MinerGroup& group, int index);

/// The accounts of a scenario by the engine's miner id: every account name, in byte order (the
/// order `lmsim score` numbers miners in, so that exact ties break alike).
std::vector<std::string> ledger_account_names(const Scenario& scenario);

/// One deterministic run of a scenario: the exchange, the background population, the
/// miners, the fundamental process, the snapshot schedule and the reward ledger, driven by one
/// event queue in the documented order (EventPhase). Every random stream is derived from the
/// scenario seed and a stable component name, so adding a miner does not change what the
/// background population draws. A replayed market takes the background's place: the recorded
/// events of each instant are applied in the background phase to a ReplayVenue, where the
/// miners' orders are virtual.
class Simulation {
 public:
  /// A run of `scenario`. A replay scenario (`market.replay` set) needs `recorded_market`: the
  /// recorded event stream, opened by the caller from the files the scenario names (the core
  /// reads no file); a synthetic one takes none. Throws std::invalid_argument when it is missing.
  explicit Simulation(const Scenario& scenario,
                      std::unique_ptr<replay::MarketEventReader> recorded_market = nullptr);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  /// Runs from the scenario's start to its end, then closes the reward ledger. Throws
  /// RunLimitError, naming the scenario key that caused it, when the run reaches a limit of
  /// run_limits.hpp: more events than its budget, a price off the book's range, cash that
  /// would overflow.
  void run(RunObserver& observer);

  /// The most events (besides a replay's recorded ones) the run may process: by default
  /// kEventBudgetFactor × expected_events(scenario) + kEventBudgetSlack; a caller with a tighter
  /// bound (or a test) may lower it.
  double event_budget() const { return event_budget_; }
  void set_event_budget(double events) { event_budget_ = events; }

  /// The ledger of the campaign's rule (the run's primary scorer).
  const engine::RewardLedger& ledger() const { return scorers_.front()->ledger(); }
  /// Every scorer of the run: the campaign's rule first, then the scenario's also_score rules
  /// in their order — all fed the same snapshots and fills.
  const std::vector<std::unique_ptr<CampaignScorer>>& scorers() const { return scorers_; }
  const std::vector<MinerInfo>& miners() const { return miners_; }
  const Venue& venue() const { return exchange_; }
  miners::MinerActivity miner_activity(std::size_t miner) const;
  /// What miner `miner` offered takers on average over the campaign (UsefulLiquidityMeter,
  /// both sides summed, base asset): measured at every market sample within the campaign's
  /// epochs — a grid of its own, so a miner that times its orders to the snapshots is measured
  /// at its true presence. NaN when no sample fell within the campaign.
  struct UsefulAverage {
    double size_at_touch = 0.0;
    double reference_fill = 0.0;
  };
  UsefulAverage miner_useful_average(std::size_t miner) const;
  /// The economics decisions of miner `miner` in time order (empty for a miner without).
  std::span<const miners::ReviewRecord> miner_reviews(std::size_t miner) const;
  const RunStatistics& statistics() const { return statistics_; }
  /// The reward ledger's id of miner `miner` (ids follow the miners' names in byte order, as in
  /// `lmsim score`, so exact ties break the same way in both).
  engine::MinerId ledger_id(std::size_t miner) const { return ledger_id_[miner]; }
  /// The book mid at the end of the run (NaN when one-sided).
  double final_mid() const;
  /// Bad rows the replay's readers dropped (all zero for a synthetic market or kError).
  replay::BadRowCounts replay_bad_rows() const;
  bool is_replay() const { return source_->replay_venue() != nullptr; }
  /// Recorded level updates a replay left out for lying far from the market (see ReplayVenue).
  std::int64_t replay_levels_outside_window() const;
  /// A replay's recorded events applied (0 for a synthetic market): the book events of the
  /// market without the miners.
  std::uint64_t recorded_book_events() const;

 private:
  struct AgentSlot {
    std::unique_ptr<Agent> agent;
    RandomStream random;
    std::uint32_t generation = 0;
    EventPhase phase = EventPhase::kBackground;
    Nanos scheduled = std::numeric_limits<Nanos>::max();  ///< its pending wake-up
    bool watches_quotes = false;
    std::uint32_t source = 0;  ///< index into event_sources_
  };

  void add_agent(std::unique_ptr<Agent> agent, std::string_view stream_name, EventPhase phase);
  /// The index of the event source named by scenario key `key`, added when new.
  std::uint32_t event_source(const std::string& key);
  /// Sets MarketSignals::empty_book_price from the scenario and the fundamental.
  void update_empty_book_price();
  /// Refreshes MarketSignals::campaign after a snapshot scored with `award`.
  void update_campaign_signals(Nanos time, double mid, const engine::SnapshotAward& award);
  /// Quote currency per reward token at `mid`.
  double reward_token_value(double mid) const;
  /// Counts an event of `source` against the run's budget; throws RunLimitError past it.
  /// Inline: it runs once per event.
  void count_event(std::uint32_t source) {
    ++source_events_[source];
    if (static_cast<double>(++budgeted_events_) > event_budget_) event_budget_exceeded();
  }
  /// Throws the RunLimitError naming the source of the most events.
  [[noreturn]] void event_budget_exceeded() const;
  void build_miners();
  AgentContext context_for(std::uint32_t agent, Nanos now);
  void after_call(std::uint32_t agent, const AgentContext& context);
  void schedule_wake(std::uint32_t agent, Nanos time);
  /// Wakes the agents watching the book top when it moved during the event (time, phase, actor).
  void notify_quote_change(Nanos time, EventPhase phase, std::uint32_t actor);
  void drain_trades(RunObserver& observer);
  void take_snapshot(Nanos time, RunObserver& observer);
  /// Every miner's resting orders into resting_ (and, with `scored`, the engine's table).
  void collect_resting_orders(bool scored);
  /// Adds the miners' useful liquidity now to the time averages, on their grid.
  void measure_useful(Nanos time);
  /// Measures the miners' useful liquidity in resting_ against the book now.
  void measure_resting();
  void schedule_snapshot(std::int64_t slot);
  std::optional<std::uint32_t> miner_of(OwnerId account) const;

  const Scenario scenario_;  // a copy: callers may pass a temporary
  std::unique_ptr<MarketSource> source_;
  Venue& exchange_;
  std::unique_ptr<MarketSampler> sampler_;
  MarketSignals signals_;
  EventQueue queue_;
  std::vector<AgentSlot> agents_;
  std::vector<MinerInfo> miners_;
  std::vector<engine::MinerId> ledger_id_;
  std::vector<std::uint32_t> miner_of_ledger_id_;
  std::uint32_t first_miner_ = 0;
  std::vector<std::unique_ptr<CampaignScorer>> scorers_;
  RandomStream snapshot_random_;
  // Snapshot prices and amounts as the doubles of their exact decimal values, so that the score
  // inputs a run exports (exact decimals) score exactly as the run did.
  engine::DecimalGrid tick_step_;
  engine::DecimalGrid lot_step_;
  std::int64_t next_snapshot_slot_ = 0;
  engine::OrderTable snapshot_orders_;
  std::vector<double> inventories_;
  std::vector<Trade> trade_buffer_;
  // The book's top at the last notify_quote_change; kNoQuote for an empty side.
  static constexpr Ticks kNoQuote = std::numeric_limits<Ticks>::min();
  Ticks last_bid_ = kNoQuote;
  Ticks last_ask_ = kNoQuote;
  std::vector<double> eligible_amount_[2];
  // The campaign signals miners' economics read (MarketSignals::campaign), per miner.
  std::vector<double> miner_eligible_value_;
  std::vector<double> miner_reward_value_;
  std::vector<double> best_spread_[2];
  std::vector<RestingMinerOrder> resting_;  ///< scratch of collect_resting_orders
  std::unique_ptr<UsefulLiquidityMeter> meter_;
  std::optional<std::size_t> meter_changes_;  ///< the meter's BookChanges reader, when tracked
  // The time-averaged useful liquidity (miner_useful_average): per miner, Σ over the samples.
  Nanos useful_interval_ = 0;
  std::vector<double> useful_touch_sum_;
  std::vector<double> useful_fill_sum_;
  std::int64_t useful_samples_ = 0;
  FillMarkouts markouts_;  ///< each miner fill's mark-out mid, resolved as the clock passes
  RunStatistics statistics_;
  // The event budget (run_limits.hpp): the scenario keys events are counted under, and counts.
  double event_budget_ = 0;
  double expected_events_ = 0;
  std::uint64_t budgeted_events_ = 0;
  std::vector<std::string> event_sources_;
  std::vector<std::uint64_t> source_events_;
};

}  // namespace lmsim::sim
