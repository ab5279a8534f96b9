#pragma once

#include <array>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/reward_ledger.hpp"
#include "engine/snapshot.hpp"
#include "sim/core/agent.hpp"
#include "sim/core/event_queue.hpp"
#include "sim/core/exchange.hpp"
#include "sim/core/fundamental_process.hpp"
#include "sim/core/miners/miner_agent.hpp"
#include "sim/core/replay/market_event_reader.hpp"
#include "sim/core/run_observer.hpp"
#include "sim/core/scenario.hpp"

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

class ReplayVenue;

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

  /// Runs from the scenario's start to its end, then closes the reward ledger.
  void run(RunObserver& observer);

  const engine::RewardLedger& ledger() const { return ledger_; }
  const std::vector<MinerInfo>& miners() const { return miners_; }
  const Venue& venue() const { return *venue_; }
  miners::MinerActivity miner_activity(std::size_t miner) const;
  const RunStatistics& statistics() const { return statistics_; }
  /// The reward ledger's id of miner `miner` (ids follow the miners' names in byte order, as in
  /// `lmsim score`, so exact ties break the same way in both).
  engine::MinerId ledger_id(std::size_t miner) const { return ledger_id_[miner]; }
  /// The book mid at the end of the run (NaN when one-sided).
  double final_mid() const;
  /// Bad rows the replay's readers dropped (all zero for a synthetic market or kError).
  replay::BadRowCounts replay_bad_rows() const;
  bool is_replay() const { return reader_ != nullptr; }
  /// Recorded level updates a replay left out for lying far from the market (see ReplayVenue).
  std::int64_t replay_levels_outside_window() const;

 private:
  struct AgentSlot {
    std::unique_ptr<Agent> agent;
    RandomStream random;
    std::uint32_t generation = 0;
    EventPhase phase = EventPhase::kBackground;
    Nanos scheduled = std::numeric_limits<Nanos>::max();  ///< its pending wake-up
    bool watches_quotes = false;
  };

  void add_agent(std::unique_ptr<Agent> agent, std::string_view stream_name, EventPhase phase);
  void build_population();
  void build_miners();
  AgentContext context_for(std::uint32_t agent, Nanos now);
  void after_call(std::uint32_t agent, const AgentContext& context);
  void schedule_wake(std::uint32_t agent, Nanos time);
  /// Wakes the agents watching the book top when it moved during the event (time, phase, actor).
  void notify_quote_change(Nanos time, EventPhase phase, std::uint32_t actor);
  void drain_trades(RunObserver& observer);
  void take_snapshot(Nanos time, RunObserver& observer);
  void take_sample(Nanos time, RunObserver& observer);
  void schedule_snapshot(std::int64_t slot);
  /// Reads the recorded events of the next instant into group_; false at the end of the data.
  bool read_group();
  void apply_group();
  std::array<double, kDepthBands.size()> depth_within(Side side, double mid) const;
  /// The slippage of a market order of every reference size on `taker_side` into `out` (in
  /// reference_order_sizes order; NaN where the book cannot fill it), with a replay's virtual
  /// orders joining the book when `with_virtual_orders`.
  void reference_slippage(Side taker_side, double mid, bool with_virtual_orders,
                          std::span<double> out);
  std::optional<std::uint32_t> miner_of(OwnerId account) const;

  const Scenario scenario_;  // a copy: callers may pass a temporary
  std::unique_ptr<Venue> venue_;
  Venue& exchange_;
  ReplayVenue* replay_venue_ = nullptr;
  std::unique_ptr<replay::MarketEventReader> reader_;
  std::vector<replay::MarketEvent> group_;
  Nanos group_time_ = 0;
  /// The recorded market's agent slot (account 0) in a replay; its events use it as actor.
  static constexpr std::uint32_t kRecordedMarket = 0;
  std::optional<replay::MarketEvent> next_event_;
  FundamentalProcess fundamental_;
  MarketSignals signals_;
  EventQueue queue_;
  std::vector<AgentSlot> agents_;
  std::vector<MinerInfo> miners_;
  std::vector<engine::MinerId> ledger_id_;
  std::vector<std::uint32_t> miner_of_ledger_id_;
  std::uint32_t first_miner_ = 0;
  engine::RewardLedger ledger_;
  RandomStream snapshot_random_;
  std::int64_t next_snapshot_slot_ = 0;
  engine::OrderTable snapshot_orders_;
  std::vector<double> inventories_;
  std::vector<Trade> trade_buffer_;
  std::pair<std::optional<Ticks>, std::optional<Ticks>> last_top_;
  std::array<std::array<double, kDepthBands.size()>, 2> depth_cache_{};  ///< {bids, asks} × bands
  std::vector<std::size_t> sizes_ascending_;  ///< reference_order_sizes indices, smallest first
  std::vector<std::pair<Ticks, Lots>> virtual_levels_;  ///< scratch of reference_slippage
  std::vector<double> slippage_buy_;
  std::vector<double> slippage_sell_;
  std::vector<double> virtual_slippage_buy_;  ///< a replay's, with the miners' virtual orders
  std::vector<double> virtual_slippage_sell_;
  std::vector<double> eligible_amount_[2];
  std::vector<double> best_spread_[2];
  std::uint64_t depth_cache_events_ = ~std::uint64_t{0};
  double variance_ewma_ = 0.0;
  double last_log_mid_ = 0.0;
  bool has_last_mid_ = false;
  RunStatistics statistics_;
};

}  // namespace lmsim::sim
