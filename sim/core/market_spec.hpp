#pragma once

#include <cmath>
#include <string>

#include "sim/core/order_book.hpp"

namespace lmsim::sim {

/// The traded instrument as the book sees it: integer ticks and lots and the conversions to
/// quote-currency prices and base-asset amounts (the venue's fees are its FeeModel).
struct MarketSpec {
  std::string pair;
  double tick_size = 0.01;  ///< quote currency per tick
  double lot_size = 0.001;  ///< base asset per lot

  double price(Ticks ticks) const { return static_cast<double>(ticks) * tick_size; }
  double amount(Lots lots) const { return static_cast<double>(lots) * lot_size; }
  /// Quote-currency value of one cash unit (one lot at one tick).
  double cash_unit() const { return tick_size * lot_size; }
  /// The nearest whole tick at or below `price` (bids) / at or above (asks); a relative epsilon
  /// keeps prices that are whole ticks in decimal from slipping a tick in binary.
  Ticks ticks_floor(double price) const {
    return static_cast<Ticks>(std::floor(price / tick_size * (1.0 + 1e-12)));
  }
  Ticks ticks_ceil(double price) const {
    return static_cast<Ticks>(std::ceil(price / tick_size * (1.0 - 1e-12)));
  }
  Lots lots_floor(double amount) const {
    return static_cast<Lots>(std::floor(amount / lot_size * (1.0 + 1e-12)));
  }
};

}  // namespace lmsim::sim
