#pragma once

// The set-up of Hummingbot's strategy unit tests (test/hummingbot/strategy/pure_market_making/
// test_pmm.py and its siblings, §5.1 of their harness), rebuilt on lmsim's ReplayVenue so that
// their cases can be ported with their numbers:
// - a clock ticking every second from T = 2019-01-01 00:00:00 UTC; the strategy starts at T and
//   first acts at T+1, as `backtest_til(T + n)` runs it;
// - Hummingbot's MockPaperExchange book `set_balanced_order_book(mid, min, max, step,
//   volume_step)`: bids at mid − step/2, mid − 3·step/2, … down to min, asks up to max, the
//   i-th level from the top holding (i + 1) × volume_step; the miner's orders are not part of it
//   (in lmsim they are a replay's virtual orders);
// - `simulate_maker_market_trade`: a public trade at a price, which fills every order of the
//   miner strictly better than it, whole, at the order's own price, at the clock's last tick
//   (the ReplayVenue's rule for a trade through an order's price), the book unchanged;
// - `simulate_order_book_widening` and `apply_diffs` (crossed levels removed, the older side
//   first, the bid on a tie).
// Differences from the mock, which the ported tests note where they matter: lmsim has one tick
// and one lot size, where the mock's quantum grows with the price (1e-4 below 100, 1e-3 from
// 100 with its (6, 6, 6, 6) precision), and the ReplayVenue counts its levels in whole lots.

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "sim/core/miners/miner_agent.hpp"
#include "sim/core/miners/refreshing_quoter.hpp"
#include "sim/core/replay_venue.hpp"

namespace lmsim::testing {

using namespace lmsim::sim;
using namespace lmsim::sim::miners;

inline constexpr Nanos kSecond = engine::kNanosPerSecond;
/// Hummingbot's tests' start: 2019-01-01 00:00:00 UTC.
inline constexpr Nanos kT = 1'546'300'800 * kSecond;

struct HummingbotMarketOptions {
  double tick_size = 1e-4;
  double lot_size = 1e-6;
  double maker_bps = 0.0;
  double taker_bps = 0.0;
  Nanos submission_latency = 0;
  Nanos cancellation_latency = 0;
};

/// One of the miner's orders as a test reads it.
struct SeenOrder {
  ClientOrderId id = 0;
  double price = 0.0;
  double size = 0.0;
  bool hanging = false;
};

class HummingbotMarket {
 public:
  static constexpr OwnerId kMiner = 1;

  HummingbotMarket(std::unique_ptr<RefreshingQuoter> strategy, double base, double quote,
                   HummingbotMarketOptions options = {})
      : options_(options),
        spec_(make_spec(options)),
        venue_(spec_, proportional_fees(options.maker_bps, options.taker_bps), 2,
               std::make_unique<ConservativeQueueModel>()),
        random_(1),
        strategy_(strategy.get()),
        miner_(std::move(strategy), every_step(),
               constant_latency(options.submission_latency, options.cancellation_latency), kT,
               kSecond) {
    venue_.set_price_window(1, spec_.ticks_floor(1e6));
    if (const Nanos tape = strategy_->trade_tape_needed(); tape > 0) {
      venue_.extend_tape_horizon(tape);
    }
    set_balances(base, quote);
    set_balanced_order_book(100.0, 1.0, 200.0, 1.0, 10.0);
    AgentContext context(venue_, signals_, random_, kMiner, kT);
    miner_.start(context);
    wake_ = context.requested_wake();
  }

  /// The miner's balances (base asset, quote currency).
  void set_balances(double base, double quote) {
    Account& account = venue_.account(kMiner);
    account.base = spec_.lots_floor(base);
    account.cash = static_cast<std::int64_t>(std::llround(quote / spec_.cash_unit()));
    account.enforce_budget = true;
  }

  void set_balanced_order_book(double mid, double min, double max, double step,
                               double volume_step) {
    bids_.clear();
    asks_.clear();
    ++update_id_;
    int level = 0;
    for (double price = mid - step / 2; price >= min; price -= step, ++level) {
      bids_[spec_.ticks_floor(price)] = {spec_.lots_floor(volume_step * (level + 1)), update_id_};
    }
    level = 0;
    for (double price = mid + step / 2; price <= max; price += step, ++level) {
      asks_[spec_.ticks_floor(price)] = {spec_.lots_floor(volume_step * (level + 1)), update_id_};
    }
    publish();
  }

  /// simulate_order_book_widening: removes bids above top_bid and asks below top_ask.
  void widen(double top_bid, double top_ask) {
    std::erase_if(bids_,
                  [&](const auto& level) { return level.first > spec_.ticks_floor(top_bid); });
    std::erase_if(asks_,
                  [&](const auto& level) { return level.first < spec_.ticks_floor(top_ask); });
    publish();
  }

  /// OrderBook.apply_diffs: sets levels (price, amount), then removes crossed levels — of the
  /// side whose best level is older, the bid on a tie.
  void apply_diffs(const std::vector<std::pair<double, double>>& bids,
                   const std::vector<std::pair<double, double>>& asks) {
    ++update_id_;
    for (const auto& [price, amount] : bids) {
      bids_[spec_.ticks_floor(price)] = {spec_.lots_floor(amount), update_id_};
    }
    for (const auto& [price, amount] : asks) {
      asks_[spec_.ticks_floor(price)] = {spec_.lots_floor(amount), update_id_};
    }
    while (!bids_.empty() && !asks_.empty() && bids_.rbegin()->first >= asks_.begin()->first) {
      if (bids_.rbegin()->second.second <= asks_.begin()->second.second) {
        bids_.erase(std::prev(bids_.end()));
      } else {
        asks_.erase(asks_.begin());
      }
    }
    publish();
  }

  /// simulate_maker_market_trade: a public trade of `amount` at `price` (a buy lifts asks),
  /// right after the last tick (the strategy's clock still reads that tick, as in Hummingbot).
  void trade(bool is_buy, double amount, double price) {
    const replay::MarketEvent event{now_ + 1,
                                    now_ + 1,
                                    replay::MarketEvent::Kind::kTrade,
                                    is_buy ? Side::kBid : Side::kAsk,
                                    spec_.ticks_floor(price),
                                    spec_.lots_floor(amount)};
    venue_.apply(std::span<const replay::MarketEvent>(&event, 1), now_ + 1);
    deliver_fills();
  }

  /// Runs the miner's ticks up to and including `until`.
  void run_until(Nanos until) {
    while (wake_ && *wake_ <= until) {
      now_ = *wake_;
      AgentContext context(venue_, signals_, random_, kMiner, now_);
      miner_.on_wake(context);
      wake_ = context.requested_wake();
      deliver_fills();
    }
    now_ = until;
  }

  /// The miner's resting orders on one side, best first.
  std::vector<SeenOrder> orders(Side side) const {
    std::vector<SeenOrder> result;
    for (const ClientOrder& order : miner_.open_orders()) {
      if (order.closed || order.exchange_id == 0 || order.side != side) continue;
      result.push_back(SeenOrder{order.id, spec_.price(order.price), spec_.amount(order.remaining),
                                 strategy_->is_hanging(order.id)});
    }
    std::sort(result.begin(), result.end(), [&](const SeenOrder& a, const SeenOrder& b) {
      return side == Side::kBid ? a.price > b.price : a.price < b.price;
    });
    return result;
  }
  std::vector<SeenOrder> buys() const { return orders(Side::kBid); }
  std::vector<SeenOrder> sells() const { return orders(Side::kAsk); }
  std::vector<ClientOrderId> ids() const {
    std::vector<ClientOrderId> result;
    for (const SeenOrder& order : buys()) result.push_back(order.id);
    for (const SeenOrder& order : sells()) result.push_back(order.id);
    std::sort(result.begin(), result.end());
    return result;
  }
  std::size_t hanging_count() const {
    std::size_t count = 0;
    for (const SeenOrder& order : buys()) count += order.hanging ? 1 : 0;
    for (const SeenOrder& order : sells()) count += order.hanging ? 1 : 0;
    return count;
  }
  int fills() const { return fills_; }
  const MinerActivity activity() const { return miner_.activity(now_); }
  const Account& account() const { return venue_.account(kMiner); }
  const MarketSpec& spec() const { return spec_; }
  const OrderBook& book() const { return venue_.book(); }

 private:
  static MarketSpec make_spec(const HummingbotMarketOptions& options) {
    MarketSpec spec;
    spec.pair = "HBOT-ETH";
    spec.tick_size = options.tick_size;
    spec.lot_size = options.lot_size;
    return spec;
  }
  static MinerBehaviour every_step() {
    MinerBehaviour behaviour;
    behaviour.tick_every_step = true;  // Hummingbot's clock ticks every second
    return behaviour;
  }

  /// Sends the whole book to the venue: a clear, then every level.
  void publish() {
    std::vector<replay::MarketEvent> events;
    events.push_back(
        replay::MarketEvent{now_, now_, replay::MarketEvent::Kind::kClear, Side::kBid, 0, 0});
    for (const auto& [price, level] : bids_) {
      events.push_back(replay::MarketEvent{now_, now_, replay::MarketEvent::Kind::kLevel,
                                           Side::kBid, price, level.first});
    }
    for (const auto& [price, level] : asks_) {
      events.push_back(replay::MarketEvent{now_, now_, replay::MarketEvent::Kind::kLevel,
                                           Side::kAsk, price, level.first});
    }
    venue_.apply(events, now_);
  }

  void deliver_fills() {
    std::vector<Trade> delivered;
    delivered.swap(venue_.pending_trades());
    for (const Trade& trade : delivered) {
      if (trade.execution.maker != kMiner) continue;
      ++fills_;
      AgentContext context(venue_, signals_, random_, kMiner, now_);
      miner_.on_fill(context, MakerFill{kMiner, trade.execution.maker_order,
                                        trade.execution.maker_side, trade.execution.price,
                                        trade.execution.quantity, trade.execution.maker_done});
      if (context.requested_wake()) wake_ = context.requested_wake();
    }
  }

  HummingbotMarketOptions options_;
  MarketSpec spec_;
  ReplayVenue venue_;
  MarketSignals signals_;
  RandomStream random_;
  RefreshingQuoter* strategy_;
  MinerAgent miner_;
  std::map<Ticks, std::pair<Lots, int>> bids_;  ///< price → (amount, update id)
  std::map<Ticks, std::pair<Lots, int>> asks_;
  int update_id_ = 0;
  std::optional<Nanos> wake_;
  Nanos now_ = kT;
  int fills_ = 0;
};

}  // namespace lmsim::testing
