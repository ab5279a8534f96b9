#pragma once

#include <span>

namespace lmsim::analysis {

// What the resting book offers a taker: the liquidity a campaign is meant to buy. A book side is
// a span of price levels; prices and the mid are in quote currency per unit of base asset,
// quantities in base asset. Invalid input (a mid or price that is not finite and > 0, a quantity
// that is not finite and ≥ 0, a bad order size or band) throws std::invalid_argument.

/// One price level of one side of a book: `quantity` (base asset, ≥ 0) resting at `price`.
struct PriceLevel {
  double price;
  double quantity;
};

/// What a market order of a given quantity would cost against one side of the book.
/// - `filled_quantity`: how much of the order the side can fill (base asset, ≤ the order).
/// - `fill_fraction`: filled_quantity / order quantity, in [0, 1].
/// - `slippage`: whitepaper Eq. 1 relative to mid, S = (1/v)·Σ|a_i − a_0|·v_i / a_0, a fraction
///   (0.001 = 10 bp) — the quantity-weighted mean distance of the fills from the mid. NaN when the
///   side is too thin to fill the whole order (fill_fraction < 1): the cost of the missing part
///   is unknown, and a partial average would flatter a thin book.
struct MarketOrderSlippage {
  double filled_quantity;
  double fill_fraction;
  double slippage;
};

/// Walks `levels` in the order given — best first, as the queue a market order meets: ascending
/// prices for asks, descending for bids; they are not re-sorted — filling min(remaining, q_i) at
/// each level until `quantity` (base asset, > 0) is filled, and reports whitepaper Eq. 1 relative
/// to `mid` (a_0). Distances are absolute, so a level on the wrong side of the mid (a crossed or
/// stale book) still counts as a cost. A residue below 1e-12 of the order, left by binary
/// rounding when the side holds exactly the order (0.1 + 0.2 for 0.3), counts as filled.
/// Zero-quantity levels are skipped.
MarketOrderSlippage market_order_slippage(std::span<const PriceLevel> levels, double mid,
                                          double quantity);

/// Resting size within a band around the mid on one side: `quantity` in base asset and
/// `notional` = Σ price · quantity in quote currency.
struct Depth {
  double quantity;
  double notional;
};

/// The depth of the levels with |price − mid| / mid ≤ band (`band` a fraction ≥ 0: 0.02 for ±2%),
/// the boundary included and the test computed in double exactly as written, like the scoring
/// engine's max_spread eligibility, so depth within max_spread covers exactly the prices that
/// could earn. Levels may come in any order. Sum both sides' results for two-sided depth.
Depth depth_within(std::span<const PriceLevel> levels, double mid, double band);

/// The quoted spread (best_ask − best_bid) / mid in basis points (1 bp = 0.01%). A crossed book
/// gives a negative spread, returned as is. Requires finite prices and a finite mid > 0.
double quoted_spread_bps(double best_bid, double best_ask, double mid);

}  // namespace lmsim::analysis
