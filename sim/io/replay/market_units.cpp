#include "sim/io/replay/market_units.hpp"

#include <stdexcept>
#include <string>

#include "sim/io/value_parse.hpp"

namespace lmsim::sim::replay {

namespace {

DecimalStep step_of(double size, const char* name) {
  const auto step = DecimalStep::from_double(size);
  if (!step) {
    throw std::invalid_argument(std::string(name) + " must be a positive finite number (got " +
                                io::format_number(size) + ")");
  }
  return *step;
}

}  // namespace

MarketSteps market_steps(const MarketUnits& units) {
  return MarketSteps{step_of(units.tick_size, "tick_size"), step_of(units.lot_size, "lot_size")};
}

}  // namespace lmsim::sim::replay
