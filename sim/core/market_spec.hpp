#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "sim/core/order_book.hpp"

namespace lmsim::sim {

/// `value` rounded toward zero as an int64, saturated at the ends of the int64 range (NaN gives
/// 0): a price or size far outside any market becomes an absurd but well-defined number, which
/// the book and the run's limits then refuse, never undefined behaviour. Equal to static_cast
/// for every value in range.
inline std::int64_t saturated_int64(double value) {
  constexpr double kTwoTo63 = 9223372036854775808.0;
  if (!(value == value)) return 0;
  if (value >= kTwoTo63) return std::numeric_limits<std::int64_t>::max();
  if (value < -kTwoTo63) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(value);
}

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
  /// Saturated (saturated_int64) far outside the int64 range.
  Ticks ticks_floor(double price) const {
    return saturated_int64(std::floor(price / tick_size * (1.0 + 1e-12)));
  }
  Ticks ticks_ceil(double price) const {
    return saturated_int64(std::ceil(price / tick_size * (1.0 - 1e-12)));
  }
  Lots lots_floor(double amount) const {
    return saturated_int64(std::floor(amount / lot_size * (1.0 + 1e-12)));
  }
};

}  // namespace lmsim::sim
