// The liquidity provider against its own book: it never rests nearer the value than its
// min_distance, withdraws at its next wake what a moving value comes near (nearest first), and
// cancels every order at the end of its lifetime, so its book stays the size its arrival rate
// and lifetime imply.
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/core/agents/liquidity_provider.hpp"
#include "sim/core/exchange.hpp"

using namespace lmsim;
using namespace lmsim::sim;
using namespace lmsim::sim::agents;

namespace {

constexpr Nanos kSecond = engine::kNanosPerSecond;

MarketSpec spec() {
  MarketSpec market;
  market.pair = "X-USD";
  market.tick_size = 0.01;
  market.lot_size = 0.01;
  return market;
}

}  // namespace

TEST_CASE(
    "LiquidityProvider: rests beyond min_distance of the value, withdraws what it nears, "
    "cancels at expiry",
    "[liquidity_provider]") {
  Exchange exchange(spec(), proportional_fees(), 1);
  MarketSignals signals;
  signals.fundamental = 100.0;
  RandomStream random(7);
  LiquidityProviderParams params;
  params.mean_interval = kSecond;
  params.min_distance = 0.001;  // 10 ticks at 100.00
  params.mean_distance = 0.002;
  params.max_distance = 0.01;
  params.mean_lifetime = 60 * kSecond;
  LiquidityProvider provider(params, OrderSizeModel(1.0), 0);
  std::optional<Nanos> wake;
  {
    AgentContext context(exchange, signals, random, 0, 0);
    provider.start(context);
    wake = context.requested_wake();
  }
  const OrderBook& book = exchange.book();
  std::size_t wakes = 0;
  std::size_t most_resting = 0;
  bool withdrew_after_rise = false;
  while (wake && *wake <= 30 * 60 * kSecond) {
    const Nanos now = *wake;
    // The value rises 0.5% (50 ticks) at 10 minutes and falls to 0.5% below 100 at 20.
    const double before = signals.fundamental;
    signals.fundamental = now < 10 * 60 * kSecond ? 100.0 : now < 20 * 60 * kSecond ? 100.5 : 99.5;
    const bool moved = signals.fundamental != before;
    const bool bids_near_before =
        book.best(Side::kBid) &&
        static_cast<double>(*book.best(Side::kBid)) * 0.01 > signals.fundamental * 0.999;
    AgentContext context(exchange, signals, random, 0, now);
    provider.on_wake(context);
    wake = context.requested_wake();
    ++wakes;
    INFO("at " << now / kSecond << " s, value " << signals.fundamental);
    // Nothing rests within min_distance of the value once the agent has woken.
    if (const auto bid = book.best(Side::kBid)) {
      CHECK(static_cast<double>(*bid) <= signals.fundamental * (1.0 - 0.001) / 0.01 + 1e-9);
    }
    if (const auto ask = book.best(Side::kAsk)) {
      CHECK(static_cast<double>(*ask) >= signals.fundamental * (1.0 + 0.001) / 0.01 - 1e-9);
    }
    if (moved && bids_near_before) withdrew_after_rise = true;
    most_resting = std::max(most_resting, book.resting_orders());
  }
  CHECK(withdrew_after_rise);
  CHECK(wakes > 1800);  // an arrival a second, and expiries between them
  // About 60 orders rest at a time (60 s lifetimes, one a second), fewer after withdrawals; a
  // provider that never cancelled would hold about 1,800.
  CHECK(most_resting >= 30);
  CHECK(most_resting <= 150);
}
