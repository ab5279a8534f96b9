#pragma once

#include <memory>
#include <span>
#include <vector>

#include "sim/core/queue_model.hpp"
#include "sim/core/replay/market_event.hpp"
#include "sim/core/venue.hpp"

namespace lmsim::sim {

/// A recorded market as a venue. The recorded book is replayed as it was — one resting quantity
/// per price level — and what agents see is that book. Miners' orders are **virtual**: they do
/// not change the recorded book, and nobody else reacts to them. A virtual order:
/// - joins the back of the recorded queue at its price (the quantity then at the level is ahead
///   of it);
/// - fills completely when a recorded trade goes through its price (a sell below a virtual bid,
///   a buy above a virtual ask);
/// - at its price, is filled by a recorded trade only after the trade has consumed the quantity
///   ahead of it; other orders at the same price fill in the order they were placed;
/// - moves up its queue when the level shrinks without a trade as the QueueModel decides
///   (conservative: never, beyond the level's size; probabilistic: a share of each decrease);
/// - that crosses the recorded book when placed executes at once against the recorded levels up
///   to its limit, as a taker, without consuming them; it does not rest (immediate-or-cancel);
///   a post-only one is refused instead (`would_take`) and counted in `post_only_rejections`.
/// Fills settle with the recorded market (account 0) as the counterparty, at the virtual order's
/// price, with the venue's maker or taker fee.
/// Recorded levels more than half the price away from the first recorded mid (full-depth crypto
/// books reach from cents to hundreds of thousands) are left out: no campaign's max spread or
/// reference order reaches them. They are counted in `levels_outside_window`.
class ReplayVenue final : public Venue {
 public:
  ReplayVenue(MarketSpec spec, std::unique_ptr<FeeModel> fees, std::size_t account_count,
              std::unique_ptr<QueueModel> queue);

  /// Applies the recorded events of one instant: trades first, in order (filling virtual orders),
  /// then the book updates (removals and decreases before increases, so the book never crosses
  /// on the way). Virtual fills become pending trades.
  void apply(std::span<const replay::MarketEvent> events, Nanos time);

  using Venue::submit_limit;
  LimitResult submit_limit(OwnerId owner, Side side, Ticks price, Lots quantity, Nanos time,
                           LimitType type) override;
  Lots submit_market(OwnerId owner, Side side, Lots quantity, Nanos time) override;
  bool cancel(OwnerId owner, OrderId id) override;

  const OrderBook& book() const override { return recorded_; }
  std::uint64_t book_events() const override { return events_; }
  bool agent_orders_in_book() const override { return false; }
  std::int64_t post_only_rejections() const { return post_only_rejected_; }
  /// The recorded events applied so far: the book events of the market without the miners.
  std::uint64_t recorded_events() const { return recorded_events_; }

  /// Calls fn(side, price, remaining) for every resting virtual order, in placement order.
  template <typename Fn>
  void for_each_virtual_order(Fn&& fn) const {
    for (const VirtualOrder& order : virtual_) fn(order.side, order.price, order.remaining);
  }
  /// The quantity ahead of a virtual order in its recorded queue (for tests and reports).
  std::optional<Lots> queue_ahead(OrderId id) const;
  std::string_view queue_model() const { return queue_->name(); }
  /// Recorded level updates left out for lying outside [mid/2, 3·mid/2] of the first mid.
  std::int64_t levels_outside_window() const { return outside_window_; }
  /// Keeps recorded levels in [low, high] (ticks) instead of the window around the first mid;
  /// for books built in code that reach further. Call before the first apply().
  void set_price_window(Ticks low, Ticks high) { window_ = std::make_pair(low, high); }

 private:
  struct VirtualOrder {
    OrderId id = 0;
    OwnerId owner = 0;
    Side side = Side::kBid;
    Ticks price = 0;
    Lots remaining = 0;
    Lots ahead = 0;
    Lots level_before = 0;     ///< recorded quantity at the price when the current instant began
    Lots traded_at_level = 0;  ///< recorded trades at the price during the current instant
  };

  void apply_trade(const replay::MarketEvent& trade, Nanos time);
  void set_level(Side side, Ticks price, Lots quantity);
  void clear_book();
  void set_window(std::span<const replay::MarketEvent> events);
  void fill(VirtualOrder& order, Lots quantity, Nanos time);
  Lots take(OwnerId owner, Side side, Ticks limit, Lots quantity, Nanos time);

  std::unique_ptr<QueueModel> queue_;
  OrderBook recorded_;
  std::vector<VirtualOrder> virtual_;
  std::vector<Execution> scratch_;
  std::vector<const replay::MarketEvent*> updates_;
  std::vector<const replay::MarketEvent*> increases_;  ///< scratch of apply
  OrderId next_id_ = 1;
  std::uint64_t events_ = 0;
  std::uint64_t recorded_events_ = 0;
  std::optional<std::pair<Ticks, Ticks>> window_;  ///< recorded prices kept, inclusive
  std::int64_t outside_window_ = 0;
  std::int64_t post_only_rejected_ = 0;
};

}  // namespace lmsim::sim
