#include "sim/core/scenario.hpp"

namespace lmsim::sim {

std::string_view strategy_name(MinerStrategyKind kind) {
  switch (kind) {
    case MinerStrategyKind::kPureMarketMaking:
      return "pure_market_making";
    case MinerStrategyKind::kAvellanedaStoikov:
      return "avellaneda_stoikov";
  }
  return "unknown";
}

}  // namespace lmsim::sim
