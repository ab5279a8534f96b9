#pragma once

// Miner behaviour against a hand-built book: the background account holds the mid where each
// test wants it, and the miner is driven step by step as the simulator would drive it.

#include <memory>
#include <optional>
#include <tuple>
#include <vector>

#include "sim/core/exchange.hpp"
#include "sim/core/miners/miner_agent.hpp"

namespace lmsim::testing {

using namespace lmsim::sim;
using namespace lmsim::sim::miners;

inline constexpr Nanos kSecond = engine::kNanosPerSecond;
inline constexpr OwnerId kBackground = 0;
inline constexpr OwnerId kMiner = 1;

inline MarketSpec spec() {
  MarketSpec market;
  market.pair = "X-USD";
  market.tick_size = 0.01;
  market.lot_size = 0.01;
  return market;
}

/// An exchange with a background quote and one miner, advanced one clock step at a time.
class Harness {
 public:
  Harness(std::unique_ptr<MinerStrategy> strategy, MinerBehaviour behaviour, Nanos latency = 0)
      : exchange_(spec(), proportional_fees(), 2),
        random_(99),
        miner_(std::move(strategy), behaviour, constant_latency(latency, latency), 0, kSecond) {
    Account& account = exchange_.account(kMiner);
    account.base = 100'000;        // 1,000 units
    account.cash = 1'000'000'000;  // 100,000 USD
    account.enforce_budget = true;
    set_quotes(9'900, 10'100);  // mid 100.00
    AgentContext context(exchange_, signals_, random_, kMiner, 0);
    miner_.start(context);
    wake_ = context.requested_wake();
  }

  /// Moves the background quotes (a one-lot order on each side).
  void set_quotes(Ticks bid, Ticks ask) {
    for (const OrderId id : background_) exchange_.cancel(kBackground, id);
    background_ = {exchange_.submit_limit(kBackground, Side::kBid, bid, 1'000, now_).resting,
                   exchange_.submit_limit(kBackground, Side::kAsk, ask, 1'000, now_).resting};
  }

  /// Runs the miner's wake-ups up to and including `until`.
  void run_until(Nanos until) {
    while (wake_ && *wake_ <= until) {
      now_ = *wake_;
      AgentContext context(exchange_, signals_, random_, kMiner, now_);
      miner_.on_wake(context);
      wake_ = context.requested_wake() ? context.requested_wake() : wake_;
      if (context.requested_wake() == std::nullopt) wake_.reset();
      deliver_fills();
    }
    now_ = until;
  }

  /// A background market order (the miner's orders may be hit).
  void take(Side side, Lots quantity) {
    exchange_.submit_market(kBackground, side, quantity, now_);
    deliver_fills();
  }

  /// The miner's resting orders: (side, price, remaining).
  std::vector<std::tuple<Side, Ticks, Lots>> orders() const {
    std::vector<std::tuple<Side, Ticks, Lots>> result;
    miner_.for_each_resting_order([&](Side side, Ticks price, Lots remaining, Nanos) {
      result.emplace_back(side, price, remaining);
    });
    return result;
  }

  MarketSignals& signals() { return signals_; }
  const MinerAgent& miner() const { return miner_; }
  const Exchange& exchange() const { return exchange_; }

 private:
  void deliver_fills() {
    auto& trades = exchange_.pending_trades();
    std::vector<Trade> delivered;
    delivered.swap(trades);
    for (const Trade& trade : delivered) {
      if (trade.execution.maker != kMiner) continue;
      AgentContext context(exchange_, signals_, random_, kMiner, trade.time);
      miner_.on_fill(context, MakerFill{kMiner, trade.execution.maker_order,
                                        trade.execution.maker_side, trade.execution.price,
                                        trade.execution.quantity, trade.execution.maker_done});
      if (context.requested_wake()) wake_ = context.requested_wake();
    }
  }

  Exchange exchange_;
  MarketSignals signals_;
  RandomStream random_;
  MinerAgent miner_;
  std::vector<OrderId> background_;
  std::optional<Nanos> wake_;
  Nanos now_ = 0;
};

}  // namespace lmsim::testing
