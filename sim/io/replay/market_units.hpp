#pragma once

#include "sim/io/replay/decimal_step.hpp"

namespace lmsim::sim::replay {

/// The price and quantity grid of one market: every recorded price must be a whole number of
/// `tick_size` and every quantity a whole number of `lot_size` (in the source's price and
/// quantity units: USD per share and shares for LOBSTER, quote per base and base for Binance).
/// The doubles are read back as the shortest decimal that names them ("0.01", "1e-08"), and
/// recorded values are compared with that decimal exactly; a value off the grid is bad data,
/// never rounded.
struct MarketUnits {
  double tick_size = 0.0;
  double lot_size = 0.0;

  bool operator==(const MarketUnits&) const = default;
};

/// MarketUnits as exact decimal steps.
struct MarketSteps {
  DecimalStep tick;
  DecimalStep lot;
};

/// The exact steps of `units`; throws std::invalid_argument unless both sizes are positive and
/// finite (the scenario layer reports bad sizes with their location before this is reached).
MarketSteps market_steps(const MarketUnits& units);

}  // namespace lmsim::sim::replay
