#include "analysis/liquidity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace lmsim::analysis {

namespace {

bool positive_finite(double value) {
  return std::isfinite(value) && value > 0.0;
}

void check_mid(double mid, const char* function) {
  if (!positive_finite(mid)) {
    throw std::invalid_argument(std::string(function) + ": mid must be finite and > 0");
  }
}

void check_levels(std::span<const PriceLevel> levels, const char* function) {
  for (const PriceLevel& level : levels) {
    if (!positive_finite(level.price)) {
      throw std::invalid_argument(std::string(function) + ": prices must be finite and > 0");
    }
    if (!std::isfinite(level.quantity) || level.quantity < 0.0) {
      throw std::invalid_argument(std::string(function) + ": quantities must be finite and >= 0");
    }
  }
}

}  // namespace

MarketOrderSlippage market_order_slippage(std::span<const PriceLevel> levels, double mid,
                                          double quantity) {
  check_mid(mid, "market_order_slippage");
  check_levels(levels, "market_order_slippage");
  if (!positive_finite(quantity)) {
    throw std::invalid_argument("market_order_slippage: quantity must be finite and > 0");
  }
  double remaining = quantity;
  long double cost = 0.0L;  // Σ |a_i − a_0| · v_i, quote currency
  for (const PriceLevel& level : levels) {
    if (remaining <= 0.0) break;
    const double take = std::min(remaining, level.quantity);
    cost += static_cast<long double>(std::abs(level.price - mid)) * take;
    remaining -= take;
  }
  if (remaining <= quantity * 1e-12) {
    const auto slippage = cost / (static_cast<long double>(quantity) * mid);
    return MarketOrderSlippage{quantity, 1.0, static_cast<double>(slippage)};
  }
  const double filled = quantity - remaining;
  return MarketOrderSlippage{filled, filled / quantity, std::numeric_limits<double>::quiet_NaN()};
}

Depth depth_within(std::span<const PriceLevel> levels, double mid, double band) {
  check_mid(mid, "depth_within");
  check_levels(levels, "depth_within");
  if (!std::isfinite(band) || band < 0.0) {
    throw std::invalid_argument("depth_within: band must be finite and >= 0");
  }
  long double quantity = 0.0L;
  long double notional = 0.0L;
  for (const PriceLevel& level : levels) {
    // Written exactly as the engine's eligibility test (HummingbotRule), so a boundary price is
    // classified the same way in both places.
    const double spread = std::abs(level.price - mid) / mid;
    if (spread <= band) {
      quantity += level.quantity;
      notional += static_cast<long double>(level.price) * level.quantity;
    }
  }
  return Depth{static_cast<double>(quantity), static_cast<double>(notional)};
}

double quoted_spread_bps(double best_bid, double best_ask, double mid) {
  check_mid(mid, "quoted_spread_bps");
  if (!std::isfinite(best_bid) || !std::isfinite(best_ask)) {
    throw std::invalid_argument("quoted_spread_bps: best bid and ask must be finite");
  }
  return (best_ask - best_bid) / mid * 1e4;
}

}  // namespace lmsim::analysis
