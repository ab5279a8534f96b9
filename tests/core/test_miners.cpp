// Miner behaviour against a hand-built book (miner_harness.hpp).
#include <catch2/catch.hpp>
#include <cmath>

#include "core/miner_harness.hpp"
#include "sim/core/miners/avellaneda_stoikov.hpp"
#include "sim/core/miners/pure_market_making.hpp"

using namespace lmsim;
using namespace lmsim::sim;
using namespace lmsim::sim::miners;

using namespace lmsim::testing;

namespace {

PureMarketMakingParams pmm(double spread_pct) {
  PureMarketMakingParams params;
  params.bid_spread = spread_pct;
  params.ask_spread = spread_pct;
  params.order_amount = 2.0;
  params.refresh.order_refresh_time = 30 * kSecond;
  return params;
}

MinerBehaviour every_step() {
  MinerBehaviour behaviour;
  behaviour.tick_every_step = true;
  return behaviour;
}

using Orders = std::vector<std::tuple<Side, Ticks, Lots>>;

}  // namespace

TEST_CASE("PureMarketMaking: quotes at the configured spreads and refreshes every 30 s",
          "[miners]") {
  Harness harness(std::make_unique<PureMarketMaking>(pmm(0.5)), every_step());
  harness.run_until(0);
  CHECK(harness.orders().empty());  // like Hummingbot, the first tick is one step after the start
  harness.run_until(1 * kSecond);
  // mid 100.00: bid 99.50, ask 100.50, 2 units = 200 lots.
  CHECK(harness.orders() == Orders{{Side::kBid, 9'950, 200}, {Side::kAsk, 10'050, 200}});
  // An unchanged mid keeps the orders at the refresh (within tolerance 0: identical prices).
  harness.run_until(45 * kSecond);
  CHECK(harness.orders() == Orders{{Side::kBid, 9'950, 200}, {Side::kAsk, 10'050, 200}});
  CHECK(harness.miner().activity(45 * kSecond).orders_submitted == 2);

  // Move the mid to 101.00: nothing happens before the refresh timer fires...
  harness.set_quotes(10'000, 10'200);
  harness.run_until(46 * kSecond);
  // ...the timer passed at 31 s, so the next tick re-prices: cancel at 46 s, create at 47 s.
  CHECK(harness.orders().empty());
  harness.run_until(47 * kSecond);
  // mid 101.00: bid 100.495 and ask 101.505, both floored to the tick as Hummingbot v0.45+ does.
  CHECK(harness.orders() == Orders{{Side::kBid, 10'049, 200}, {Side::kAsk, 10'150, 200}});
  CHECK(harness.miner().activity(47 * kSecond).orders_submitted == 4);
  // The new orders' timers run 30 s from their creation.
  harness.set_quotes(9'900, 10'100);
  harness.run_until(76 * kSecond);
  CHECK(harness.orders() == Orders{{Side::kBid, 10'049, 200}, {Side::kAsk, 10'150, 200}});
  harness.run_until(78 * kSecond);
  CHECK(harness.orders() == Orders{{Side::kBid, 9'950, 200}, {Side::kAsk, 10'050, 200}});
}

TEST_CASE("quantize_price: to the nearest tick up to v0.44 (halves to even), floored from v0.45",
          "[miners]") {
  const MarketSpec market = spec();  // tick 0.01
  using V = HummingbotVersion;
  CHECK(quantize_price(market, 99.995, V::k2020) == 10'000);  // 9999.5: to the even 10000
  CHECK(quantize_price(market, 99.985, V::k2020) == 9'998);   // 9998.5: to the even 9998
  CHECK(quantize_price(market, 100.006, V::k2020) == 10'001);
  CHECK(quantize_price(market, 100.004, V::k2020) == 10'000);
  CHECK(quantize_price(market, 99.995, V::k2021) == 9'999);
  CHECK(quantize_price(market, 100.009, V::kCurrent) == 10'000);
  // Whole ticks computed in binary stay whole: 100 × 0.99 is 98.99999999999999 in binary.
  CHECK(quantize_price(market, 100 * (1 - 0.01), V::k2021) == 9'900);
  CHECK(quantize_amount(market, 0.29) == 29);  // lot 0.01: 28.999999999999996 lots in binary
}

TEST_CASE("PureMarketMaking: 2020 rounds both quotes to the nearest tick, 2021 floors both",
          "[miners]") {
  // Mid 101.00, spreads 0.5%: bid 100.495, ask 101.505, both half a tick off the grid.
  for (const auto version : {HummingbotVersion::k2020, HummingbotVersion::k2021}) {
    CAPTURE(hummingbot_version_name(version));
    PureMarketMakingParams params = pmm(0.5);
    params.hummingbot_version = version;
    Harness harness(std::make_unique<PureMarketMaking>(params), every_step());
    harness.set_quotes(10'000, 10'200);
    harness.run_until(1 * kSecond);
    const Orders expected = version == HummingbotVersion::k2020
                                ? Orders{{Side::kBid, 10'050, 200}, {Side::kAsk, 10'150, 200}}
                                : Orders{{Side::kBid, 10'049, 200}, {Side::kAsk, 10'150, 200}};
    CHECK(harness.orders() == expected);
  }
}

TEST_CASE("PureMarketMaking: order levels step out by order_level_spread and grow in size",
          "[miners]") {
  PureMarketMakingParams params = pmm(0.2);
  params.order_levels = 3;
  params.order_level_spread = 0.3;
  params.order_level_amount = 1.0;
  Harness harness(std::make_unique<PureMarketMaking>(params), every_step());
  harness.run_until(1 * kSecond);
  // Level i: 100 × (1 ∓ 0.2% ∓ i × 0.3%), size 2 + i.
  CHECK(harness.orders() == Orders{{Side::kBid, 9'980, 200},
                                   {Side::kBid, 9'950, 300},
                                   {Side::kBid, 9'920, 400},
                                   {Side::kAsk, 10'020, 200},
                                   {Side::kAsk, 10'050, 300},
                                   {Side::kAsk, 10'080, 400}});
}

TEST_CASE("PureMarketMaking: a filled order pauses quoting for filled_order_delay", "[miners]") {
  PureMarketMakingParams params = pmm(0.5);
  params.refresh.filled_order_delay = 60 * kSecond;
  Harness harness(std::make_unique<PureMarketMaking>(params), every_step());
  harness.run_until(10 * kSecond);
  // Sweep the bids down to the miner's: the background bid (1,000 lots) and the miner's 200.
  harness.take(Side::kAsk, 1'200);
  CHECK(harness.orders() == Orders{{Side::kAsk, 10'050, 200}});
  CHECK(harness.exchange().account(kMiner).base == 100'200);
  // The cancel timer (31 s) still comes first: the ask is cancelled then, and nothing is
  // created before 10 s + 60 s.
  harness.set_quotes(9'900, 10'100);
  harness.run_until(31 * kSecond);
  CHECK(harness.orders().empty());
  harness.run_until(70 * kSecond);
  CHECK(harness.orders().empty());
  harness.run_until(71 * kSecond);
  CHECK(harness.orders().size() == 2);
}

TEST_CASE("PureMarketMaking: Hummingbot's inventory skew ratios", "[miners]") {
  // 50% target, portfolio value 200 at price 1 (base 100, quote 100), range 20 units.
  CHECK(PureMarketMaking::inventory_skew(100, 100, 1.0, 0.5, 20) == std::pair{1.0, 1.0});
  // Base value 90 (target 100, left limit 80): halfway to the left limit.
  const auto low = PureMarketMaking::inventory_skew(90, 110, 1.0, 0.5, 20);
  CHECK(low.first == Approx(1.5));
  CHECK(low.second == Approx(0.5));
  // At or beyond the right limit (120): bids 0, asks 2.
  CHECK(PureMarketMaking::inventory_skew(130, 70, 1.0, 0.5, 20) == std::pair{0.0, 2.0});
  CHECK(PureMarketMaking::inventory_skew(0, 200, 1.0, 0.5, 20) == std::pair{2.0, 0.0});
  // The range is capped at half the portfolio; nothing to skew without a portfolio.
  CHECK(PureMarketMaking::inventory_skew(0, 0, 1.0, 0.5, 20) == std::pair{0.0, 0.0});
}

TEST_CASE("PureMarketMaking: inventory skew shifts sizes towards the target", "[miners]") {
  PureMarketMakingParams params = pmm(0.5);
  params.inventory_skew_enabled = true;
  params.inventory_target_base_pct = 90.0;     // wants more base than it has: bigger bids
  params.inventory_range_multiplier = 1000.0;  // a wide range, so the skew is partial
  Harness harness(std::make_unique<PureMarketMaking>(params), every_step());
  harness.run_until(1 * kSecond);
  const Orders orders = harness.orders();
  REQUIRE(orders.size() == 2);
  // Base value 100k of 200k against a 180k target; the range is capped at half the portfolio
  // (100k), so the left limit is 80k: left ratio 0.5 × 20k/100k = 0.1, bid ratio 2 − 2 × 0.1
  // = 1.8, ask ratio 0.2, on 200-lot orders. In binary the ask ratio (2 − 1.8) is a hair below
  // 0.2, and Hummingbot floors Decimal(size) × Decimal(ratio): 39 lots.
  CHECK(std::get<2>(orders[0]) == 360);
  CHECK(std::get<2>(orders[1]) == 39);
}

TEST_CASE("MinerAgent: latency delays orders by whole steps", "[miners]") {
  const MinerBehaviour behaviour = every_step();
  Harness harness(std::make_unique<PureMarketMaking>(pmm(0.5)), behaviour, 3 * kSecond);
  harness.run_until(3 * kSecond);
  CHECK(harness.orders().empty());  // decided at 1 s
  harness.run_until(4 * kSecond);
  CHECK(harness.orders().size() == 2);
}

TEST_CASE("MinerAgent: a quote the market crossed during the latency is refused post-only",
          "[miners]") {
  // Decided at 1 s against an ask of 101.00, the bid at 99.50 arrives at 4 s, when the best ask
  // is 99.40: Hummingbot's LIMIT_MAKER order is refused by the exchange, and counted.
  Harness harness(std::make_unique<PureMarketMaking>(pmm(0.5)), every_step(), 3 * kSecond);
  harness.run_until(1 * kSecond);
  harness.set_quotes(9'800, 9'940);
  harness.run_until(4 * kSecond);
  CHECK(harness.orders() == Orders{{Side::kAsk, 10'050, 200}});
  CHECK(harness.miner().activity(4 * kSecond).orders_post_only_rejected == 1);
  CHECK(harness.exchange().account(kMiner).taker_fills == 0);
  // With take_if_crossed the same order is a plain limit order: it takes the ask.
  PureMarketMakingParams taking = pmm(0.5);
  taking.take_if_crossed = true;
  Harness taker(std::make_unique<PureMarketMaking>(taking), every_step(), 3 * kSecond);
  taker.run_until(1 * kSecond);
  taker.set_quotes(9'800, 9'940);
  taker.run_until(4 * kSecond);
  CHECK(taker.miner().activity(4 * kSecond).orders_post_only_rejected == 0);
  CHECK(taker.exchange().account(kMiner).taker_fills == 1);
}

TEST_CASE("MinerAgent: fair-weather miners withdraw in storms and come back", "[miners]") {
  MinerBehaviour behaviour = every_step();
  behaviour.max_volatility = 0.5;
  behaviour.check_interval = 10 * kSecond;
  Harness harness(std::make_unique<PureMarketMaking>(pmm(0.5)), behaviour);
  harness.run_until(5 * kSecond);
  CHECK(harness.orders().size() == 2);
  harness.signals().realised_volatility = 0.8;
  harness.run_until(9 * kSecond);
  CHECK(harness.orders().size() == 2);  // not checked again before 10 s
  harness.run_until(10 * kSecond);
  CHECK(harness.orders().empty());
  harness.signals().realised_volatility = 0.3;
  harness.run_until(21 * kSecond);
  CHECK(harness.orders().size() == 2);
  CHECK(harness.miner().activity(21 * kSecond).storm_withdrawals == 1);
  CHECK(harness.miner().activity(21 * kSecond).quoting_time < 21 * kSecond);
}

TEST_CASE("MinerAgent: uptime spends the configured share of time online", "[miners]") {
  MinerBehaviour behaviour;
  behaviour.online_fraction = 0.7;
  behaviour.mean_outage = 60 * kSecond;
  Harness harness(std::make_unique<PureMarketMaking>(pmm(0.5)), behaviour);
  const Nanos horizon = 400'000 * kSecond;
  harness.run_until(horizon);
  const MinerActivity activity = harness.miner().activity(horizon);
  CHECK(static_cast<double>(activity.online_time) / static_cast<double>(horizon) ==
        Approx(0.7).margin(0.03));
  CHECK(activity.outages > 100);
}
