#include "sim/core/miners/pure_market_making.hpp"

#include <algorithm>
#include <cmath>

#include "engine/number_text.hpp"
#include "sim/core/miners/order_pricing.hpp"

namespace lmsim::sim::miners {

// Citations are to hummingbot/hummingbot, hummingbot/strategy/pure_market_making/: the strategy
// (pure_market_making.pyx), its config map (pure_market_making_config_map.py), start.py and
// inventory_skew_calculator.pyx, at the tags of hummingbot_version.hpp.

namespace {

using engine::Bounds;
using engine::ParamError;
using P = PureMarketMakingParams;

// numpy.interp on two points, clamped at both ends, with numpy's arithmetic (slope first).
double interpolate(double x, double x0, double x1, double y0, double y1) {
  if (x <= x0) return y0;
  if (x >= x1) return y1;
  const double slope = (y1 - y0) / (x1 - x0);
  return slope * (x - x0) + y0;
}

std::optional<ParamError> check_params(const P& p) {
  const HummingbotVersion version = p.hummingbot_version;
  if (p.price_ceiling != -1.0 && p.price_ceiling <= 0.0) {
    return ParamError{"price_ceiling", "must be -1 (off) or > 0 (got " +
                                           engine::format_number(p.price_ceiling) + ")"};
  }
  if (p.price_floor != -1.0 && p.price_floor <= 0.0) {
    return ParamError{"price_floor",
                      "must be -1 (off) or > 0 (got " + engine::format_number(p.price_floor) + ")"};
  }
  // PureMarketMakingStrategy.init_params raises on an inverted band.
  if (p.price_ceiling != -1.0 && p.price_ceiling < p.price_floor) {
    return ParamError{"price_ceiling", "must be >= price_floor (" +
                                           engine::format_number(p.price_floor) + ") (got " +
                                           engine::format_number(p.price_ceiling) + ")"};
  }
  if (p.price_source != "current_market") {
    return ParamError{"price_source",
                      "lmsim prices off the simulated market only: \"" + p.price_source + "\" (" +
                          (p.price_source == "external_market" ? "another exchange's book"
                                                               : "a custom API's price") +
                          ") is not supported; use \"current_market\""};
  }
  if (p.price_type == PriceType::kCustom) {
    return ParamError{"price_type",
                      "\"custom\" is the price of price_source = \"custom_api\", which lmsim "
                      "does not support"};
  }
  for (const engine::ParamRow& row : p.order_override) {
    if (const auto problem = order_override_problem(row)) {
      return ParamError{"order_override", *problem};
    }
  }
  if (version == HummingbotVersion::k2020) {
    if (p.price_type == PriceType::kInventoryCost) {
      return ParamError{"price_type",
                        "\"inventory_cost\" is not a price type of Hummingbot v0.34.0 "
                        "(hummingbot_version = \"2020\"); it is new in v0.36.0"};
    }
    if (p.inventory_price)
      return not_in_release(version, "inventory_price", "it is new in v0.36.0");
    if (p.should_wait_order_cancel_confirmation) {
      return not_in_release(version, "should_wait_order_cancel_confirmation",
                            "it is new in v0.44.0");
    }
  }
  if (version != HummingbotVersion::kCurrent) {
    const std::vector<std::pair<std::string, bool>> current_only = {
        {"moving_price_band_enabled", p.moving_price_band_enabled.has_value()},
        {"price_ceiling_pct", p.price_ceiling_pct.has_value()},
        {"price_floor_pct", p.price_floor_pct.has_value()},
        {"price_band_refresh_time", p.price_band_refresh_time.has_value()},
        {"split_order_levels_enabled", p.split_order_levels_enabled.has_value()},
        {"bid_order_level_spreads", !p.bid_order_level_spreads.empty()},
        {"ask_order_level_spreads", !p.ask_order_level_spreads.empty()},
        {"bid_order_level_amounts", !p.bid_order_level_amounts.empty()},
        {"ask_order_level_amounts", !p.ask_order_level_amounts.empty()},
    };
    for (const auto& [key, set] : current_only) {
      if (set) {
        return not_in_release(version, key,
                              "it is new in v1.5.0 (use hummingbot_version = \"current\")");
      }
    }
  }
  if (p.split_order_levels_enabled.value_or(false) &&
      (p.bid_order_level_spreads.empty() || p.bid_order_level_amounts.empty()) &&
      (p.ask_order_level_spreads.empty() || p.ask_order_level_amounts.empty())) {
    return ParamError{"split_order_levels_enabled",
                      "needs bid_order_level_spreads and bid_order_level_amounts, or the ask "
                      "lists, to give any order"};
  }
  return std::nullopt;
}

}  // namespace

StrategyKind pure_market_making_kind() {
  engine::ParamSpec<P> spec;
  add_version_key<P>(spec, [](P& p) -> HummingbotVersion& { return p.hummingbot_version; });
  spec.number(
          "bid_spread", [](P& p) -> double& { return p.bid_spread; },
          Bounds::strictly_between(0.0, 100.0),
          "distance of the first bid below the reference "
          "price, percent")
      .required()
      .number(
          "ask_spread", [](P& p) -> double& { return p.ask_spread; },
          Bounds::strictly_between(0.0, 100.0),
          "distance of the first ask above the reference "
          "price, percent")
      .required();
  add_quoting_keys(spec);
  spec.number(
          "order_notional", [](P& p) -> double& { return p.order_notional; },
          Bounds::between(0.0, 1e15),
          "size of the first level in quote currency, converted at the mid at each refresh "
          "(an lmsim addition); 0: order_amount")
      .number(
          "minimum_spread", [](P& p) -> double& { return p.minimum_spread; },
          Bounds::between(-100.0, 100.0),
          "cancel orders closer to the reference price than this, percent; -100 switches it off")
      .integer(
          "order_levels", [](P& p) -> int& { return p.order_levels; }, Bounds::between(0, 1000),
          "orders per side (lmsim caps it at 1000)")
      .number(
          "order_level_spread", [](P& p) -> double& { return p.order_level_spread; },
          Bounds::strictly_between(0.0, 100.0),
          "extra spread of each level beyond the first, percent")
      .number(
          "order_level_amount", [](P& p) -> double& { return p.order_level_amount; },
          Bounds::between(-1e15, 1e15), "extra size of each level beyond the first, base asset")
      .boolean(
          "inventory_skew_enabled", [](P& p) -> bool& { return p.inventory_skew_enabled; },
          "scale order sizes to steer the inventory back to its target")
      .number(
          "inventory_range_multiplier",
          [](P& p) -> double& { return p.inventory_range_multiplier; },
          Bounds::above_up_to(0.0, 1e6), "the skew's range, in multiples of the total order size")
      .boolean(
          "hanging_orders_enabled", [](P& p) -> bool& { return p.hanging_orders_enabled; },
          "after a fill, leave the other side's order(s) resting (rules by release: "
          "docs/miners.md)")
      .number(
          "hanging_orders_cancel_pct", [](P& p) -> double& { return p.hanging_orders_cancel_pct; },
          Bounds::strictly_between(0.0, 100.0),
          "cancel a hanging order this far from the reference price, percent")
      .text(
          "price_source", [](P& p) -> std::string& { return p.price_source; },
          {"current_market", "external_market", "custom_api"},
          "where the reference price comes from; only \"current_market\" is supported")
      .choice<PriceType>(
          "price_type", [](P& p) -> PriceType& { return p.price_type; },
          {"mid_price", "last_price", "best_bid", "best_ask", "last_own_trade_price",
           "inventory_cost", "custom"},
          std::vector<PriceType>{PriceType::kMidPrice, PriceType::kLastPrice, PriceType::kBestBid,
                                 PriceType::kBestAsk, PriceType::kLastOwnTradePrice,
                                 PriceType::kInventoryCost, PriceType::kCustom},
          "the reference price (\"inventory_cost\": 2021+; \"custom\" is not supported)")
      .optional_number(
          "inventory_price", [](P& p) -> std::optional<double>& { return p.inventory_price; },
          Bounds::at_least(0.0),
          "price_type \"inventory_cost\": the starting inventory's cost per unit, quote "
          "currency; 1 when unset (2021+)")
      .boolean(
          "order_optimization_enabled", [](P& p) -> bool& { return p.order_optimization_enabled; },
          "pull the best orders back to one tick in front of the depth below")
      .number(
          "bid_order_optimization_depth",
          [](P& p) -> double& { return p.bid_order_optimization_depth; }, Bounds::at_least(0.0),
          "order optimization: bid volume to stay behind, base asset")
      .number(
          "ask_order_optimization_depth",
          [](P& p) -> double& { return p.ask_order_optimization_depth; }, Bounds::at_least(0.0),
          "order optimization: ask volume to stay behind, base asset")
      .boolean(
          "ping_pong_enabled", [](P& p) -> bool& { return p.ping_pong_enabled; },
          "after fills on one side, quote that side only again once the other side filled")
      .boolean(
          "add_transaction_costs", [](P& p) -> bool& { return p.add_transaction_costs; },
          "move prices out by the maker fee")
      .number(
          "price_ceiling", [](P& p) -> double& { return p.price_ceiling; }, Bounds::at_least(-1.0),
          "no buys while the reference price is at or above this, quote currency; -1: off")
      .number(
          "price_floor", [](P& p) -> double& { return p.price_floor; }, Bounds::at_least(-1.0),
          "no sells while the reference price is at or below this, quote currency; -1: off")
      .rows(
          "order_override", [](P& p) -> std::vector<engine::ParamRow>& { return p.order_override; },
          "rows [\"buy\" or \"sell\", spread percent, amount] replacing spreads, levels and "
          "order_amount")
      .boolean(
          "take_if_crossed", [](P& p) -> bool& { return p.take_if_crossed; },
          "keep orders that cross the book and send them as plain limit orders (not post-only)")
      .optional_boolean(
          "should_wait_order_cancel_confirmation",
          [](P& p) -> std::optional<bool>& { return p.should_wait_order_cancel_confirmation; },
          "2021+; Hummingbot's pure market making always waits, whatever the value")
      .optional_boolean(
          "moving_price_band_enabled",
          [](P& p) -> std::optional<bool>& { return p.moving_price_band_enabled; },
          "a price band around the reference price, reset every price_band_refresh_time "
          "(current)")
      .optional_number(
          "price_ceiling_pct", [](P& p) -> std::optional<double>& { return p.price_ceiling_pct; },
          Bounds::any(),
          "moving band's ceiling above the reference price, percent; 1 when unset "
          "(current)")
      .optional_number(
          "price_floor_pct", [](P& p) -> std::optional<double>& { return p.price_floor_pct; },
          Bounds::any(),
          "moving band's floor, percent from the reference price; -1 when unset "
          "(current)")
      .optional_duration(
          "price_band_refresh_time",
          [](P& p) -> std::optional<Nanos>& { return p.price_band_refresh_time; },
          Bounds::at_least(0.0), "how often the moving band is reset; 1d when unset (current)")
      .optional_boolean(
          "split_order_levels_enabled",
          [](P& p) -> std::optional<bool>& { return p.split_order_levels_enabled; },
          "orders from the four level lists instead of spreads and levels (current)")
      .numbers(
          "bid_order_level_spreads",
          [](P& p) -> std::vector<double>& { return p.bid_order_level_spreads; },
          Bounds::strictly_between(0.0, 100.0),
          "split levels: each bid's spread, percent "
          "(current)")
      .numbers(
          "ask_order_level_spreads",
          [](P& p) -> std::vector<double>& { return p.ask_order_level_spreads; },
          Bounds::strictly_between(0.0, 100.0),
          "split levels: each ask's spread, percent "
          "(current)")
      .numbers(
          "bid_order_level_amounts",
          [](P& p) -> std::vector<double>& { return p.bid_order_level_amounts; },
          Bounds::strictly_between(0.0, 100.0),
          "split levels: each bid's amount, base asset (Hummingbot's validator: in (0, 100)) "
          "(current)")
      .numbers(
          "ask_order_level_amounts",
          [](P& p) -> std::vector<double>& { return p.ask_order_level_amounts; },
          Bounds::strictly_between(0.0, 100.0),
          "split levels: each ask's amount, base asset (Hummingbot's validator: in (0, 100)) "
          "(current)")
      .check(check_params);
  return engine::make_kind<P, MinerStrategy, StrategySetup>(
      "pure_market_making",
      "Hummingbot's pure market making: spreads around a reference price, levels, inventory "
      "skew, hanging orders, ping-pong, price bands, order optimization",
      std::move(spec), [](const P& params, const StrategySetup&) {
        return std::unique_ptr<MinerStrategy>(std::make_unique<PureMarketMaking>(params));
      });
}

CycleRules PureMarketMaking::rules(const PureMarketMakingParams& params) {
  const bool era_2020 = params.hummingbot_version == HummingbotVersion::k2020;
  CycleRules rules;
  rules.reset_timers_when_kept = era_2020;
  rules.max_age =
      era_2020 ? CycleRules::MaxAge::kRefreshInPlace : CycleRules::MaxAge::kCancelAllWhenAnyAged;
  rules.hanging =
      era_2020 ? CycleRules::Hanging::kOppositeSide : CycleRules::Hanging::kPairedTracker;
  rules.hanging_enabled = params.hanging_orders_enabled;
  rules.hanging_cancel_pct = params.hanging_orders_cancel_pct;
  // A minimum spread of −100% could only cancel a buy above twice the reference price, which
  // the taker filter never lets through: it is off.
  if (params.minimum_spread > -100.0) rules.minimum_spread = params.minimum_spread / 100.0;
  rules.filter_takers = !params.take_if_crossed;
  rules.order_type = params.take_if_crossed ? LimitType::kLimit : LimitType::kPostOnly;
  rules.wait_for_every_cancel = !era_2020;
  return rules;
}

PureMarketMaking::PureMarketMaking(PureMarketMakingParams params)
    : RefreshingQuoter(params.refresh, rules(params)), params_(std::move(params)) {
  split_levels_ = params_.hummingbot_version == HummingbotVersion::kCurrent &&
                  params_.split_order_levels_enabled.value_or(false);
  if (split_levels_) {
    // start.py (v1.5+): the split lists zipped (the shortest wins) into an order override,
    // buys first.
    for (std::size_t i = 0; i < std::min(params_.bid_order_level_spreads.size(),
                                         params_.bid_order_level_amounts.size());
         ++i) {
      override_.push_back({std::string("buy"), params_.bid_order_level_spreads[i],
                           params_.bid_order_level_amounts[i]});
    }
    for (std::size_t i = 0; i < std::min(params_.ask_order_level_spreads.size(),
                                         params_.ask_order_level_amounts.size());
         ++i) {
      override_.push_back({std::string("sell"), params_.ask_order_level_spreads[i],
                           params_.ask_order_level_amounts[i]});
    }
  } else {
    override_ = params_.order_override;
  }
}

void PureMarketMaking::restart_strategy(Nanos now) {
  (void)now;
  filled_buys_ = 0;
  filled_sells_ = 0;
  last_own_trade_price_.reset();
  band_set_time_.reset();
}

std::pair<double, double> PureMarketMaking::inventory_skew(double base, double quote, double price,
                                                           double target_base_ratio,
                                                           double base_range) {
  // c_calculate_bid_ask_ratios_from_base_asset_ratio (v0.29+: the range capped at half the
  // portfolio).
  const double total = base * price + quote;
  if (total <= 0.0 || base_range <= 0.0) return {0.0, 0.0};
  const double base_value = base * price;
  const double range_value = std::min(base_range * price, total * 0.5);
  const double target_value = total * target_base_ratio;
  const double left_limit = std::max(target_value - range_value, 0.0);
  const double right_limit = target_value + range_value;
  double bid = 0.0;
  if (base_value < target_value) {
    const double left_ratio = interpolate(base_value, left_limit, target_value, 0.0, 0.5);
    bid = interpolate(left_ratio, 0.0, 0.5, 2.0, 1.0);
  } else {
    const double right_ratio = interpolate(base_value, target_value, right_limit, 0.5, 1.0);
    bid = interpolate(right_ratio, 0.5, 1.0, 1.0, 0.0);
  }
  return {bid, 2.0 - bid};
}

Ticks PureMarketMaking::quantize(const MinerView& view, double price) const {
  return quantize_price(view.spec(), price, params_.hummingbot_version);
}

bool PureMarketMaking::prices_from_book_top_only() const {
  // Order optimization reads the depth below the top; the moving band changes with the clock;
  // the last trade moves without the top.
  return reference_from_book_top_only() && !params_.order_optimization_enabled &&
         !(params_.hummingbot_version == HummingbotVersion::kCurrent &&
           params_.moving_price_band_enabled.value_or(false));
}

std::optional<double> PureMarketMaking::reference_price(const MinerView& view) const {
  // get_price(): the price of price_type, falling back to the mid when it has none.
  const MarketSpec& spec = view.spec();
  std::optional<double> price;
  switch (params_.price_type) {
    case PriceType::kBestBid:
      if (const auto bid = view.book().best(Side::kBid)) price = spec.price(*bid);
      break;
    case PriceType::kBestAsk:
      if (const auto ask = view.book().best(Side::kAsk)) price = spec.price(*ask);
      break;
    case PriceType::kLastPrice:
      if (const auto last = view.last_trade_price()) price = spec.price(*last);
      break;
    case PriceType::kLastOwnTradePrice:
      price = last_own_trade_price_;
      break;
    case PriceType::kMidPrice:
    case PriceType::kInventoryCost:
    case PriceType::kCustom:
      break;
  }
  return price ? price : view.mid();
}

std::optional<double> PureMarketMaking::inventory_cost() const {
  // InventoryCostPriceDelegate.get_price: quote volume / base volume; none without base.
  if (!inventory_record_set_ || inventory_base_ <= 0.0) return std::nullopt;
  return inventory_quote_ / inventory_base_;
}

void PureMarketMaking::on_order_filled(MinerView& view, const ClientFill& fill) {
  if (params_.price_type != PriceType::kInventoryCost || !inventory_record_set_) return;
  // InventoryCostPriceDelegate.process_order_fill_event: buys add their cost; sells take base
  // out at the average cost, which they leave unchanged.
  const double amount = view.spec().amount(fill.quantity);
  if (fill.side == Side::kBid) {
    inventory_base_ += amount;
    inventory_quote_ += amount * view.spec().price(fill.price);
  } else if (inventory_base_ > 0.0) {
    inventory_quote_ -= inventory_quote_ / inventory_base_ * amount;
    inventory_base_ -= amount;
  } else {
    inventory_base_ -= amount;
  }
}

void PureMarketMaking::on_complete_fill(MinerView& view, const ClientFill& fill) {
  (fill.side == Side::kBid ? filled_buys_ : filled_sells_) += 1;
  last_own_trade_price_ = view.spec().price(fill.price);
}

void PureMarketMaking::set_quoting(double size_scale, std::optional<double> spread) {
  RefreshingQuoter::set_quoting(size_scale, spread);
  spread_override_ = spread;
}

double PureMarketMaking::order_amount_at(const MinerView& view) const {
  if (params_.order_notional > 0.0) {
    if (const auto mid = view.mid(); mid && *mid > 0.0) {
      order_amount_now_ = params_.order_notional / *mid;
    }
  } else {
    order_amount_now_ = params_.order_amount;
  }
  return order_amount_now_;
}

double PureMarketMaking::quoted_amount() const {
  const double first = params_.order_notional > 0.0 ? order_amount_now_ : params_.order_amount;
  if (!override_.empty()) return first;  // rows of their own: roughly one order
  double amount = 0.0;
  for (int level = 0; level < params_.order_levels; ++level) {
    amount += first + level * params_.order_level_amount;
  }
  return amount;
}

void PureMarketMaking::base_proposal(const MinerView& view, double buy_reference,
                                     double sell_reference, Proposal& proposal) const {
  // c_create_base_proposal.
  const MarketSpec& spec = view.spec();
  if (!override_.empty()) {
    override_proposal(view, override_, buy_reference, sell_reference, params_.hummingbot_version,
                      proposal);
    return;
  }
  const double level_spread = params_.order_level_spread / 100.0;
  const double first = order_amount_at(view);
  for (int level = 0; level < params_.order_levels; ++level) {
    const Lots size = quantize_amount(spec, first + level * params_.order_level_amount);
    if (size <= 0) continue;
    // Hummingbot keeps a non-positive price (the exchange refuses it); lmsim drops it.
    const Ticks bid = quantize(
        view, buy_reference * (1.0 - spread_override_.value_or(params_.bid_spread) / 100.0 -
                               level * level_spread));
    if (bid > 0) proposal.buys.push_back({bid, size});
  }
  for (int level = 0; level < params_.order_levels; ++level) {
    const Lots size = quantize_amount(spec, first + level * params_.order_level_amount);
    if (size <= 0) continue;
    const Ticks ask = quantize(
        view, sell_reference * (1.0 + spread_override_.value_or(params_.ask_spread) / 100.0 +
                                level * level_spread));
    if (ask > 0) proposal.sells.push_back({ask, size});
  }
}

void PureMarketMaking::apply_price_bands(const MinerView& view, double reference,
                                         Proposal& proposal) {
  // c_apply_price_band; then (v1.5+) c_apply_moving_price_band.
  if (params_.price_ceiling > 0.0 && reference >= params_.price_ceiling) proposal.buys.clear();
  if (params_.price_floor > 0.0 && reference <= params_.price_floor) proposal.sells.clear();
  if (params_.hummingbot_version != HummingbotVersion::kCurrent ||
      !params_.moving_price_band_enabled.value_or(false)) {
    return;
  }
  // MovingPriceBand.check_and_update_price_band: reset at the first proposal and once
  // price_band_refresh_time has passed since the last reset.
  const Nanos now = view.now();
  const Nanos refresh = params_.price_band_refresh_time.value_or(engine::kNanosPerDay);
  if (!band_set_time_ || now >= *band_set_time_ + refresh) {
    band_floor_ = (100.0 + params_.price_floor_pct.value_or(-1.0)) / 100.0 * reference;
    band_ceiling_ = (100.0 + params_.price_ceiling_pct.value_or(1.0)) / 100.0 * reference;
    band_set_time_ = now;
  }
  if (reference >= band_ceiling_) proposal.buys.clear();
  if (reference <= band_floor_) proposal.sells.clear();
}

void PureMarketMaking::apply_ping_pong(Proposal& proposal) {
  // c_apply_ping_pong: equal counts start afresh; otherwise drop as many levels of a side,
  // nearest first, as it has filled.
  if (filled_buys_ == filled_sells_) filled_buys_ = filled_sells_ = 0;
  const auto drop = [](std::vector<PriceSize>& orders, int count) {
    orders.erase(orders.begin(),
                 orders.begin() +
                     std::min<std::ptrdiff_t>(count, static_cast<std::ptrdiff_t>(orders.size())));
  };
  drop(proposal.buys, filled_buys_);
  drop(proposal.sells, filled_sells_);
}

void PureMarketMaking::apply_order_optimization(const MinerView& view, Proposal& proposal) const {
  // c_apply_order_optimization. v0.34.0: only with one level and one order on the side, the top
  // order pulled back; v0.35+: the top order pulled back and deeper levels laid out from it by
  // order_level_spread (v1.5+ split levels: by the ratios of their spreads).
  const bool era_2020 = params_.hummingbot_version == HummingbotVersion::k2020;
  if (era_2020 && params_.order_levels > 1) return;
  const MarketSpec& spec = view.spec();
  const double own_buy = own_order_size(view, Side::kBid);
  const double own_sell = own_order_size(view, Side::kAsk);
  const double level_spread = params_.order_level_spread / 100.0;
  const auto step = [&](std::size_t i, const std::vector<double>& spreads, double sign) {
    if (split_levels_ && i < spreads.size() && !spreads.empty()) {
      return (1.0 + sign * spreads[i] / 100.0) / (1.0 + sign * spreads[0] / 100.0);
    }
    return 1.0 + sign * level_spread * static_cast<double>(i);
  };
  if (!proposal.buys.empty() && !(era_2020 && proposal.buys.size() != 1)) {
    if (const auto top_bid =
            price_for_volume(view, Side::kBid, params_.bid_order_optimization_depth + own_buy)) {
      const Ticks above_bid = *top_bid + 1;
      std::stable_sort(proposal.buys.begin(), proposal.buys.end(),
                       [](const PriceSize& a, const PriceSize& b) { return a.price > b.price; });
      const Ticks lower = std::min(proposal.buys[0].price, above_bid);
      for (std::size_t i = 0; i < proposal.buys.size(); ++i) {
        proposal.buys[i].price =
            era_2020 ? lower
                     : quantize(view,
                                spec.price(lower) * step(i, params_.bid_order_level_spreads, -1.0));
      }
    }
  }
  if (!proposal.sells.empty() && !(era_2020 && proposal.sells.size() != 1)) {
    if (const auto top_ask =
            price_for_volume(view, Side::kAsk, params_.ask_order_optimization_depth + own_sell)) {
      const Ticks below_ask = *top_ask - 1;
      std::stable_sort(proposal.sells.begin(), proposal.sells.end(),
                       [](const PriceSize& a, const PriceSize& b) { return a.price < b.price; });
      const Ticks higher = std::max(proposal.sells[0].price, below_ask);
      for (std::size_t i = 0; i < proposal.sells.size(); ++i) {
        proposal.sells[i].price =
            era_2020 ? higher
                     : quantize(view,
                                spec.price(higher) * step(i, params_.ask_order_level_spreads, 1.0));
      }
    }
  }
}

void PureMarketMaking::apply_inventory_skew(const MinerView& view, double reference,
                                            Proposal& proposal) const {
  // c_apply_inventory_skew: balances including what the orders lock, valued at get_price();
  // the range from the configured levels even under an override.
  const MarketSpec& spec = view.spec();
  const Account& account = view.account();
  const int levels = params_.order_levels;
  const double total_order_size = 2.0 * (levels * order_amount_at(view) +
                                         levels * (levels - 1) / 2.0 * params_.order_level_amount);
  const auto [bid_ratio, ask_ratio] = inventory_skew(
      spec.amount(account.base), static_cast<double>(account.cash) * spec.cash_unit(), reference,
      params_.inventory_target_base_pct / 100.0,
      total_order_size * params_.inventory_range_multiplier);
  // Decimal(size) × Decimal(ratio as a double), floored to a lot.
  for (PriceSize& buy : proposal.buys) buy.size = quantize_scaled(buy.size, bid_ratio);
  for (PriceSize& sell : proposal.sells) sell.size = quantize_scaled(sell.size, ask_ratio);
}

bool PureMarketMaking::propose(MinerView& view, Proposal& proposal) {
  if (params_.price_type == PriceType::kInventoryCost && !inventory_record_set_) {
    // The record Hummingbot writes when inventory_price is configured: the base balance at
    // that price.
    inventory_record_set_ = true;
    inventory_base_ = view.spec().amount(view.account().base);
    inventory_quote_ = inventory_base_ * params_.inventory_price.value_or(1.0);
  }
  const auto reference = reference_price(view);
  if (!reference) return false;
  double sell_reference = *reference;
  if (params_.price_type == PriceType::kInventoryCost) {
    if (const auto cost = inventory_cost()) sell_reference = std::max(*cost, sell_reference);
  }
  base_proposal(view, *reference, sell_reference, proposal);
  apply_price_bands(view, *reference, proposal);
  if (params_.ping_pong_enabled) apply_ping_pong(proposal);
  if (params_.order_optimization_enabled) apply_order_optimization(view, proposal);
  if (params_.add_transaction_costs) {
    add_transaction_costs(view, params_.hummingbot_version, proposal);
  }
  if (params_.inventory_skew_enabled) apply_inventory_skew(view, *reference, proposal);
  return true;
}

}  // namespace lmsim::sim::miners
