#include "sim/core/miners/hummingbot_version.hpp"

#include <algorithm>
#include <cmath>

namespace lmsim::sim::miners {

std::string_view hummingbot_version_name(HummingbotVersion version) {
  switch (version) {
    case HummingbotVersion::k2020:
      return "2020";
    case HummingbotVersion::k2021:
      return "2021";
    case HummingbotVersion::kCurrent:
      return "current";
  }
  return "?";
}

std::string_view hummingbot_version_tag(HummingbotVersion version) {
  switch (version) {
    case HummingbotVersion::k2020:
      return "v0.34.0 (069624e4)";
    case HummingbotVersion::k2021:
      return "v0.45.0 (69c42994)";
    case HummingbotVersion::kCurrent:
      return "master (2bfaccc4)";
  }
  return "?";
}

namespace {

// Prices and amounts here are computed in binary from decimal inputs that Hummingbot holds
// exactly; a value this close below a whole tick or lot is taken to be on it.
double slack(double units) {
  return std::min(std::abs(units) * 1e-12, 1e-6);
}

}  // namespace

Ticks quantize_price(const MarketSpec& spec, double price, HummingbotVersion version) {
  const double ticks = price / spec.tick_size;
  if (version == HummingbotVersion::k2020) {
    const double below = std::floor(ticks);
    if (std::abs(ticks - below - 0.5) <= slack(ticks)) {
      // An exact half: to the even neighbour, as round() of a Decimal does.
      const auto lower = static_cast<Ticks>(below);
      return lower % 2 == 0 ? lower : lower + 1;
    }
    return static_cast<Ticks>(std::floor(ticks + 0.5));
  }
  return static_cast<Ticks>(std::floor(ticks + slack(ticks)));
}

Lots quantize_amount(const MarketSpec& spec, double amount) {
  const double lots = amount / spec.lot_size;
  return static_cast<Lots>(std::floor(lots + slack(lots)));
}

Lots quantize_scaled(Lots size, double factor) {
  // Hummingbot multiplies the Decimal size by the exact value of the double factor and floors;
  // the product in extended precision does the same (no slack: a factor a hair below a round
  // value floors down there too).
  return static_cast<Lots>(std::floor(static_cast<long double>(size) * factor));
}

}  // namespace lmsim::sim::miners
