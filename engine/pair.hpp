#pragma once

#include <string>

namespace lmsim::engine {

/// The two assets of a pair written BASE-QUOTE or BASE/QUOTE ("ETH-USDT" → ETH, USDT); for any
/// other spelling, "base" and "quote", so that units are still named.
struct PairAssets {
  std::string base;
  std::string quote;
};

inline PairAssets pair_assets(const std::string& pair) {
  const std::size_t separator = pair.find_first_of("-/");
  if (separator == std::string::npos || separator == 0 || separator + 1 == pair.size()) {
    return {"base", "quote"};
  }
  return {pair.substr(0, separator), pair.substr(separator + 1)};
}

}  // namespace lmsim::engine
