#include "sim/core/market_source.hpp"

#include "sim/core/recorded_market.hpp"
#include "sim/core/synthetic_market.hpp"

namespace lmsim::sim {

std::unique_ptr<MarketSource> make_market_source(
    const Scenario& scenario, std::unique_ptr<replay::MarketEventReader> recorded_market,
    std::size_t miner_accounts) {
  if (scenario.market.replay) {
    return std::make_unique<RecordedMarket>(scenario, std::move(recorded_market), miner_accounts);
  }
  return std::make_unique<SyntheticMarket>(scenario, miner_accounts);
}

}  // namespace lmsim::sim
