#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/agent.hpp"
#include "sim/core/agents/order_size_model.hpp"

namespace lmsim::sim::agents {

struct LiquidityProviderParams {
  Nanos mean_interval = 10 * engine::kNanosPerSecond;  ///< mean gap between new orders
  double min_distance = 0.0003;   ///< no order nearer the value than this, fraction of it
  double mean_distance = 0.0015;  ///< mean exponential distance beyond min_distance
  double max_distance = 0.03;     ///< distances are capped here
  double uniform_share = 0.4;     ///< share of orders placed uniformly in [min, max] distance
  Nanos mean_lifetime = 30 * engine::kNanosPerMinute;  ///< mean time an order rests
};

/// Limit-order flow in the manner of the zero-intelligence models (Smith, Farmer, Gillemot &
/// Krishnamurthy 2003; Cont, Stoikov & Talreja 2010): the resting liquidity away from the touch
/// that ABIDES' population lacks (its books hold a few ladders within a few spreads of the mid).
/// At Poisson times the agent places one limit order:
/// - side: a fair coin;
/// - distance d from the fundamental value v (the reference of patient liquidity, which knows
///   what the asset is worth even when the book has not caught up), in fractions of v: with
///   probability `uniform_share` uniform on [min_distance, max_distance] (the Santa Fe
///   zero-intelligence model's flat placement, Daniels et al. 2003), otherwise `min_distance`
///   plus an exponential with mean `mean_distance` (the liquidity crowding near the touch),
///   capped at `max_distance`; a bid at
///   ⌊v·(1 − d)⌋, an ask at ⌈v·(1 + d)⌉ in ticks; an order that would cross the book is not
///   sent (this agent never takes);
/// - size: the order-size model (noise, value and momentum traders' sizes);
/// - lifetime: exponential with mean `mean_lifetime`; the order is cancelled then (if not filled).
/// At every wake it also cancels its orders the value has come within `min_distance` of: resting
/// liquidity is withdrawn as the value approaches it (a provider does not wait to be picked off
/// by better-informed flow), so the deep book moves with the value instead of walling the price
/// in, and a jump clears the way within a few wakes — departures from the zero-intelligence
/// models, whose orders are placed around the mid and wait to be hit. The agent wakes
/// at its next arrival or its next cancellation, whichever comes first. The steady-state depth
/// is arrivals × lifetime × mean size, spread out as the distance law says.
class LiquidityProvider final : public Agent {
 public:
  LiquidityProvider(LiquidityProviderParams params, OrderSizeModel sizes, Nanos start);
  void start(AgentContext& context) override;
  void on_wake(AgentContext& context) override;

 private:
  struct Resting {  // 32 bytes: the side last, beside the slot
    Nanos expiry;
    OrderId id;
    Ticks price;
    std::uint32_t slot;  ///< its entry in withdrawn_
    Side side;
  };
  /// A resting order in its side's nearness order: `key` is the price of a bid and minus the
  /// price of an ask, so the order nearest the value (the highest bid, the lowest ask) sorts last.
  struct Quote {
    Ticks key;
    OrderId id;
    std::uint32_t slot;  ///< its entry in withdrawn_
    friend bool operator<(const Quote& a, const Quote& b) {
      return a.key != b.key ? a.key < b.key : a.id < b.id;
    }
  };
  /// The expiry heap's order, as a type rather than a function pointer so the heap operations
  /// inline it: the earliest expiry on top; ties by id, so the order is deterministic.
  struct Later {
    bool operator()(const Resting& a, const Resting& b) const {
      return a.expiry != b.expiry ? a.expiry > b.expiry : a.id > b.id;
    }
  };

  Nanos gap(RandomStream& random, Nanos mean) const;
  void place(AgentContext& context);
  static Quote quote_of(const Resting& order);
  std::vector<Quote>& quotes(Side side) { return side == Side::kBid ? bids_ : asks_; }
  /// Removes `order`, which has not been withdrawn, from its side's quotes.
  void forget(const Resting& order);
  /// Marks the nearest quote of `side` withdrawn, cancels it and removes it from the quotes.
  void withdraw_nearest(AgentContext& context, std::vector<Quote>& side);
  /// Pops the expiry heap's top and frees its slot.
  void pop_expiry();
  /// Drops expiries of withdrawn orders from the top of the heap, so the next wake is a real one.
  void drop_withdrawn();
  void schedule(AgentContext& context) const;

  LiquidityProviderParams params_;
  OrderSizeModel sizes_;
  Nanos start_;
  Nanos next_arrival_ = 0;
  // Every order rests in the expiry heap and in its side's quotes until it expires or is
  // withdrawn; a withdrawn order's expiry stays in the heap until it reaches the top. Quotes
  // sorted by nearness make a withdrawal cost the orders withdrawn, not a scan of every order
  // (hundreds per agent), which dominated a day of these agents. Each order also holds a slot
  // of withdrawn_ from placement until its expiry leaves the heap, so that telling whether the
  // heap's top was withdrawn costs one load, not a search of the quotes (it is asked at every
  // wake).
  std::vector<Resting> expiries_;        ///< a min-heap on expiry (Later)
  std::vector<Quote> bids_;              ///< sorted, the highest bid last
  std::vector<Quote> asks_;              ///< sorted, the lowest ask last
  std::vector<std::uint8_t> withdrawn_;  ///< per slot: the order was withdrawn
  std::vector<std::uint32_t> free_slots_;
  std::size_t withdrawn_count_ = 0;  ///< expiries in the heap of orders withdrawn already
};

}  // namespace lmsim::sim::agents
