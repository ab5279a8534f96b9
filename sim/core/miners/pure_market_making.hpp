#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/core/miners/refreshing_quoter.hpp"

namespace lmsim::sim::miners {

/// Hummingbot's `price_type`: the reference price spreads are measured from.
enum class PriceType : std::uint8_t {
  kMidPrice,           ///< mid of the best bid and ask
  kLastPrice,          ///< the market's last trade
  kBestBid,            ///< the best bid
  kBestAsk,            ///< the best ask
  kLastOwnTradePrice,  ///< the price of the miner's last completely filled order
  kInventoryCost,      ///< the mid for buys; sells never below the inventory's average cost
  kCustom,             ///< a custom API's price: not supported (rejected by the spec)
};

/// Parameters of Hummingbot's pure_market_making strategy, with its names, defaults and
/// validators (`pure_market_making_config_map.py`). Spreads and percentages are percent
/// (0.1 = 0.1%); amounts are base asset. Keys a release did not have are optional here and
/// rejected by the spec when set for that release.
struct PureMarketMakingParams {
  HummingbotVersion hummingbot_version = HummingbotVersion::k2021;
  double bid_spread = 1.0;
  double ask_spread = 1.0;
  double order_amount = 1.0;
  int order_levels = 1;
  double order_level_spread = 1.0;  ///< extra spread per level beyond the first
  double order_level_amount = 0.0;  ///< extra size per level beyond the first
  /// Size of the first level in quote currency, converted to base at the mid at each proposal
  /// (an lmsim addition, not Hummingbot's); 0: order_amount.
  double order_notional = 0.0;
  bool inventory_skew_enabled = false;
  double inventory_target_base_pct = 50.0;
  double inventory_range_multiplier = 1.0;
  double minimum_spread = -100.0;  ///< cancel orders closer to the reference price; −100: off
  RefreshParams refresh;
  bool hanging_orders_enabled = false;
  double hanging_orders_cancel_pct = 10.0;
  std::string price_source = "current_market";
  PriceType price_type = PriceType::kMidPrice;
  std::optional<double> inventory_price;  ///< v0.36+: the starting inventory's cost (default 1)
  bool order_optimization_enabled = false;
  double bid_order_optimization_depth = 0.0;
  double ask_order_optimization_depth = 0.0;
  bool ping_pong_enabled = false;
  bool add_transaction_costs = false;
  double price_ceiling = -1.0;  ///< −1: off
  double price_floor = -1.0;    ///< −1: off
  /// Rows [side, spread percent, amount]; replaces spreads, levels and order_amount.
  std::vector<engine::ParamRow> order_override;
  bool take_if_crossed = false;
  std::optional<bool> should_wait_order_cancel_confirmation;  ///< v0.44+ (no effect, see docs)
  // Only in "current" (v1.5+).
  std::optional<bool> moving_price_band_enabled;
  std::optional<double> price_ceiling_pct;
  std::optional<double> price_floor_pct;
  std::optional<Nanos> price_band_refresh_time;
  std::optional<bool> split_order_levels_enabled;
  std::vector<double> bid_order_level_spreads;
  std::vector<double> ask_order_level_spreads;
  std::vector<double> bid_order_level_amounts;
  std::vector<double> ask_order_level_amounts;
};

/// Hummingbot's pure market making (`pure_market_making.pyx`), at the release
/// `hummingbot_version` names. Each proposal, as `c_tick` builds it:
/// - base: `order_levels` orders per side around the reference price (price_type), level i at
///   ref × (1 ∓ spread ∓ i × order_level_spread) with size order_amount + i ×
///   order_level_amount — or the rows of order_override (or, "current", the split order levels);
///   prices quantized as the release's connector does (hummingbot_version.hpp), sizes down to a
///   lot;
/// - level modifiers: price_ceiling / price_floor (no buys at or above the ceiling, no sells at
///   or below the floor), the moving price band ("current"), ping-pong (after fills on one side,
///   drop that many levels of it until the other side fills as often);
/// - price modifiers: order optimization (never more aggressive than one tick in front of the
///   first level holding the optimization depth), add_transaction_costs (prices moved out by
///   the maker fee);
/// - size modifiers: inventory skew (`c_calculate_bid_ask_ratios_from_base_asset_ratio`);
/// - then RefreshingQuoter's budget cut and, unless take_if_crossed, the taker filter.
/// Orders are post-only (LIMIT_MAKER), or plain limit orders with take_if_crossed. The order life
/// cycle is RefreshingQuoter's, with the release's rules. docs/miners.md has every option with
/// Hummingbot's source and what lmsim does differently.
/// The registered strategy "pure_market_making".
StrategyKind pure_market_making_kind();

class PureMarketMaking final : public RefreshingQuoter {
 public:
  explicit PureMarketMaking(PureMarketMakingParams params);

  /// Hummingbot's inventory-skew size multipliers {bid, ask} for the given holdings (base
  /// asset and quote currency) at `price`.
  static std::pair<double, double> inventory_skew(double base, double quote, double price,
                                                  double target_base_ratio, double base_range);

  /// The cycle rules of pure market making at `params`' release.
  static CycleRules rules(const PureMarketMakingParams& params);

 protected:
  bool propose(MinerView& view, Proposal& proposal) override;
  void set_quoting(double size_scale, std::optional<double> spread) override;
  double quoted_amount() const override;
  bool prices_from_book_top_only() const override;
  std::optional<double> reference_price(const MinerView& view) const override;
  bool reference_from_book_top_only() const override {
    return params_.price_type != PriceType::kLastPrice;
  }
  void on_order_filled(MinerView& view, const ClientFill& fill) override;
  void on_complete_fill(MinerView& view, const ClientFill& fill) override;
  void restart_strategy(Nanos now) override;

 private:
  void base_proposal(const MinerView& view, double buy_reference, double sell_reference,
                     Proposal& proposal) const;
  void apply_price_bands(const MinerView& view, double reference, Proposal& proposal);
  void apply_ping_pong(Proposal& proposal);
  void apply_order_optimization(const MinerView& view, Proposal& proposal) const;
  void apply_inventory_skew(const MinerView& view, double reference, Proposal& proposal) const;
  std::optional<double> inventory_cost() const;
  Ticks quantize(const MinerView& view, double price) const;

  PureMarketMakingParams params_;
  std::optional<double> spread_override_;
  /// order_amount, or order_notional at the mid of the last proposal (for quoted_amount).
  mutable double order_amount_now_ = 0.0;
  double order_amount_at(
      const MinerView& view) const;  ///< economics' spread (percent) for both sides
  bool split_levels_ = false;
  std::vector<engine::ParamRow> override_;  ///< order_override, or the split levels as one
  int filled_buys_ = 0;                     ///< ping-pong counters
  int filled_sells_ = 0;
  std::optional<double> last_own_trade_price_;
  // The inventory cost record (InventoryCostPriceDelegate), kept across restarts as Hummingbot
  // keeps it in its database: base volume and quote volume.
  bool inventory_record_set_ = false;
  double inventory_base_ = 0.0;
  double inventory_quote_ = 0.0;
  // The moving price band ("current").
  std::optional<Nanos> band_set_time_;
  double band_floor_ = 0.0;
  double band_ceiling_ = 0.0;
};

}  // namespace lmsim::sim::miners
