#pragma once

#include <limits>
#include <span>

#include <cstdint>
#include <optional>

#include "sim/core/random_stream.hpp"
#include "sim/core/venue.hpp"

namespace lmsim::sim {

/// What every agent may observe of the market besides the book itself. The fundamental value is
/// the synthetic market's hidden "true" price: value traders and informed takers observe it
/// (with their own noise); miners, like real market makers, do not use it.
struct MarketSignals {
  double fundamental = 0.0;          ///< quote currency
  double realised_volatility = 0.0;  ///< annualised volatility of log mid returns (EWMA)
  bool volatile_regime = false;      ///< the fundamental is in its volatile regime
  /// The price miners quote around while the book is empty on both sides — `[market]
  /// reference_price`, else the fundamental of a synthetic market without background traders
  /// (a market of miners alone); NaN: they wait for a mid, as Hummingbot does.
  double empty_book_price = std::numeric_limits<double>::quiet_NaN();
  /// What the campaign publishes and what it paid, as of the last snapshot — what a miner's
  /// economics (miners/economics.hpp) decides from. Values in quote currency; rewards valued at
  /// `[analysis] reward_token_price` (else 1 for the quote currency, the mid for the base asset).
  struct Campaign {
    double reward_per_day = 0.0;      ///< the simulated market's budget per day; 0 outside epochs
    double eligible_liquidity = 0.0;  ///< every miner's eligible size, both sides, at the mid
    /// Per miner (simulation order): its own eligible liquidity at the last snapshot, and the
    /// rewards it has received so far.
    std::span<const double> miner_eligible;
    std::span<const double> miner_reward;
  } campaign;
};

class AgentContext;

/// A market participant that acts only when woken: at the times it schedules for itself
/// (`AgentContext::wake_at`) and when one of its resting orders is filled. It is never polled,
/// so a large population of mostly idle agents stays cheap.
class Agent {
 public:
  virtual ~Agent() = default;
  /// Called once at the start of the run (schedule the first wake-up here).
  virtual void start(AgentContext& context) = 0;
  /// Called at the agent's scheduled wake-up.
  virtual void on_wake(AgentContext& context) = 0;
  /// Called right after one of the agent's resting orders executed (partly or completely).
  virtual void on_fill(AgentContext& context, const MakerFill& fill) {
    (void)context;
    (void)fill;
  }
};

/// The narrow view an agent gets while it acts: the clock, the book (read-only), its own account,
/// the market signals, its own random stream, and the three actions a venue offers.
class AgentContext {
 public:
  AgentContext(Venue& exchange, const MarketSignals& signals, RandomStream& random, OwnerId self,
               Nanos now)
      : exchange_(exchange), signals_(signals), random_(random), self_(self), now_(now) {}

  Nanos now() const { return now_; }
  OwnerId self() const { return self_; }
  const OrderBook& book() const { return exchange_.book(); }
  const MarketSpec& spec() const { return exchange_.spec(); }
  const Account& account() const { return exchange_.account(self_); }
  const MarketSignals& signals() const { return signals_; }
  const FeeModel& fees() const { return exchange_.fees(); }
  std::optional<Ticks> last_trade_price() const { return exchange_.last_trade_price(); }
  /// Base lots traded in [now − lookback, now], by aggressor side {buys, sells}.
  std::pair<Lots, Lots> traded_volume(Nanos lookback) const {
    return exchange_.traded_since(now_ - lookback);
  }
  RandomStream& random() { return random_; }

  /// An order at a price of zero ticks or less, or of no quantity, is not sent (an agent's
  /// arithmetic can reach one with extreme parameters); it counts as nothing resting.
  LimitResult submit_limit(Side side, Ticks price, Lots quantity,
                           LimitType type = LimitType::kLimit) {
    if (price <= 0 || quantity <= 0) return LimitResult{};
    return exchange_.submit_limit(self_, side, price, quantity, now_, type);
  }
  /// Whether the agents' own resting orders are part of book() (see Venue).
  bool own_orders_in_book() const { return exchange_.agent_orders_in_book(); }
  /// Calls fn(const PublicTrade&) for every market trade after `after`, oldest first (as far
  /// back as the venue's tape reaches).
  template <typename Fn>
  void for_each_trade_after(Nanos after, Fn&& fn) const {
    exchange_.for_each_trade_after(after, std::forward<Fn>(fn));
  }
  Lots submit_market(Side side, Lots quantity) {
    if (quantity <= 0) return 0;
    return exchange_.submit_market(self_, side, quantity, now_);
  }
  bool cancel(OrderId id) { return exchange_.cancel(self_, id); }

  /// Asks to be woken at `time` (> now); replaces any wake-up asked for earlier.
  void wake_at(Nanos time) { wake_ = time; }
  /// The wake-up asked for during this call, if any.
  std::optional<Nanos> requested_wake() const { return wake_; }
  /// Asks to be woken, in addition, at the first clock step at or after the best bid or ask next
  /// changes (valid until the agent's next call). Only miners use it.
  void wake_on_quote_change() { watch_quotes_ = true; }
  bool watches_quotes() const { return watch_quotes_; }

 private:
  Venue& exchange_;
  const MarketSignals& signals_;
  RandomStream& random_;
  OwnerId self_;
  Nanos now_;
  std::optional<Nanos> wake_;
  bool watch_quotes_ = false;
};

}  // namespace lmsim::sim
