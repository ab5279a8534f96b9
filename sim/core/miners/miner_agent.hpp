#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "engine/param_spec.hpp"
#include "sim/core/latency_model.hpp"
#include "sim/core/miners/economics.hpp"
#include "sim/core/miners/miner_strategy.hpp"
#include "sim/core/miners/trading_markouts.hpp"

namespace lmsim::sim::miners {

/// Behaviours any miner can carry, whatever its strategy.
/// - Uptime: the miner alternates between online and offline spells with exponentially
///   distributed lengths; offline spells average `mean_outage` and online spells are long
///   enough that the miner is online `online_fraction` of the time. Going offline cancels all
///   its orders at once (the bot's kill switch); coming back restarts the strategy.
/// - Fair weather: while the market's realised volatility exceeds `max_volatility`
///   (annualised), the miner withdraws its quotes; it looks again every `check_interval`.
/// - Participation: at the start of every snapshot interval of the campaign the miner is
///   present with probability `participation_probability`, independently of other intervals
///   and besides its online spells; absent, it holds no orders until the next interval.
/// Latency is a LatencyModel of its own (latency_model.hpp).
struct MinerBehaviour {
  double online_fraction = 1.0;
  Nanos mean_outage = 10 * engine::kNanosPerMinute;
  std::optional<double> max_volatility;
  Nanos check_interval = 10 * engine::kNanosPerSecond;
  double participation_probability = 1.0;
  /// The snapshot intervals participation is drawn for: from `interval_start`, every
  /// `interval` (the campaign's; set by the simulation, not a key).
  Nanos interval_start = 0;
  Nanos interval = 0;
  /// Tick the strategy at every clock step, as Hummingbot's clock does, instead of only when
  /// something can change. Same results, much slower: the reference the fast path is tested
  /// against (`[sim] miner_ticks = "every_step"`).
  bool tick_every_step = false;
};

/// The keys of MinerBehaviour in a `[[miners]]` table (all but tick_every_step, which
/// `[sim] miner_ticks` sets for every miner).
const engine::ParamSpec<MinerBehaviour>& miner_behaviour_spec();

/// What a miner did, for the results.
struct MinerActivity {
  Nanos online_time = 0;   ///< time online (not in an outage), storms included
  Nanos quoting_time = 0;  ///< online, not withdrawn, present and (economics) in the market
  std::int64_t orders_submitted = 0;
  std::int64_t orders_rejected = 0;  ///< refused by the venue for lack of balance
  /// Post-only orders (Hummingbot's LIMIT_MAKER) refused because they would have crossed the
  /// book when they arrived.
  std::int64_t orders_post_only_rejected = 0;
  std::int64_t cancels = 0;
  std::int64_t outages = 0;
  std::int64_t storm_withdrawals = 0;
};

/// A miner: one account quoting through a MinerStrategy, with the behaviours of
/// MinerBehaviour applied around it and a gateway that delays order requests by the miner's
/// latency. Wakes only when something is due: a delayed request, an uptime change, a storm
/// check, or the strategy's next tick (rounded up to the simulation clock).
class MinerAgent final : public Agent {
 public:
  MinerAgent(std::unique_ptr<MinerStrategy> strategy, MinerBehaviour behaviour,
             std::unique_ptr<LatencyModel> latency, Nanos clock_start, Nanos step);
  ~MinerAgent() override;

  void start(AgentContext& context) override;
  void on_wake(AgentContext& context) override;
  void on_fill(AgentContext& context, const MakerFill& fill) override;

  /// Calls fn(side, price, remaining, live_since) for every order of this miner resting in the
  /// book now, in submission order.
  template <typename Fn>
  void for_each_resting_order(Fn&& fn) const {
    for (const ClientOrder& order : open_) {
      if (order.exchange_id != 0) fn(order.side, order.price, order.remaining, order.live_since);
    }
  }

  /// The orders the miner tracks now: resting, in flight, or being cancelled.
  std::span<const ClientOrder> open_orders() const { return open_; }

  /// Totals up to `now` (online and quoting time are accrued to `now`).
  MinerActivity activity(Nanos now) const;

  /// Gives the miner economics (economics.hpp): from the start on, every `review_every` it
  /// decides whether to quote at all, at what size scale and spread, from the campaign's
  /// signals (MarketSignals::campaign) for miner number `miner` of the simulation. While it
  /// decides not to quote it holds no orders. Call before start().
  void enable_economics(const EconomicsParams& params, std::uint32_t miner);
  /// Every review's decision, in time order (empty without economics).
  std::span<const ReviewRecord> reviews() const { return reviews_; }
  const MinerStrategy& strategy() const { return *strategy_; }

 private:
  class View;
  struct Request {
    Nanos due;
    ClientOrderId order;
    bool cancel;
  };

  void run_due_requests(AgentContext& context);
  /// Queues a request for `now + delay` (behind any request still in flight); false when it
  /// should act at once (no delay and nothing in flight).
  bool send_later(Nanos now, Nanos delay, ClientOrderId order, bool cancel);
  void update_behaviour(AgentContext& context);
  void go_quiet(AgentContext& context);
  void schedule(AgentContext& context);
  Nanos align_up(Nanos time) const;
  ClientOrder* find_open(ClientOrderId id);
  void apply_fill(ClientOrder& order, Lots quantity, Ticks price, View& view);
  void accrue(Nanos now);
  void review_economics(AgentContext& context);
  /// Values the fills whose mark-out is due (trading_result = "markout"; needs a two-sided book).
  void resolve_markouts(AgentContext& context);
  bool active() const { return online_ && !withdrawn_ && participating_ && present_; }

  std::unique_ptr<MinerStrategy> strategy_;
  MinerBehaviour behaviour_;
  std::unique_ptr<LatencyModel> latency_;
  Nanos clock_start_;
  Nanos step_;
  std::vector<ClientOrder> open_;
  std::deque<Request> requests_;
  ClientOrderId next_client_id_ = 1;
  bool online_ = true;
  bool withdrawn_ = false;
  Nanos planned_tick_ = std::numeric_limits<Nanos>::max();  ///< next tick, planned after the last
  bool watching_quotes_ = false;  ///< asleep until the book top moves (see MinerStrategy)
  /// A fill changed the balances, or a review the quoting: re-price at the next step.
  bool tick_soon_ = false;
  Nanos next_toggle_ = std::numeric_limits<Nanos>::max();
  Nanos next_storm_check_ = std::numeric_limits<Nanos>::max();
  Nanos accrued_until_ = 0;
  MinerActivity activity_;
  // Economics: the decisions, the miner's index for the campaign signals, the next review, and
  // the account at the start (trading results are measured against holding it).
  std::optional<MinerEconomics> economics_;
  std::uint32_t miner_index_ = 0;
  Nanos next_review_ = std::numeric_limits<Nanos>::max();
  bool participating_ = true;
  bool present_ = true;  ///< participation in the current snapshot interval
  Nanos next_interval_ = std::numeric_limits<Nanos>::max();
  Lots initial_base_ = 0;
  std::int64_t initial_cash_ = 0;
  std::optional<TradingMarkouts> markouts_;  ///< with trading_result = "markout"
  std::vector<ReviewRecord> reviews_;
};

}  // namespace lmsim::sim::miners
