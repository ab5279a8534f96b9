#include "sim/core/synthetic_market.hpp"

#include "sim/core/agents/adaptive_market_maker.hpp"
#include "sim/core/agents/liquidity_provider.hpp"
#include "sim/core/agents/momentum_trader.hpp"
#include "sim/core/agents/noise_trader.hpp"
#include "sim/core/agents/taker_flow.hpp"
#include "sim/core/agents/value_trader.hpp"
#include "sim/core/registries.hpp"

namespace lmsim::sim {

SyntheticMarket::SyntheticMarket(const Scenario& scenario, std::size_t miner_accounts)
    : scenario_(scenario),
      exchange_(scenario.market.spec, make_fee_model(scenario.market.fees),
                static_cast<std::size_t>(scenario.background.total()) + miner_accounts),
      fundamental_(scenario.market.fundamental, scenario.market.initial_price,
                   derive_seed(scenario.sim.seed, "fundamental"), scenario.sim.start) {
  if (scenario.background.market_maker_count > 0) {
    // Adaptive market makers size their quotes from the volume of their last interval.
    exchange_.set_tape_horizon(scenario.background.market_maker.mean_interval);
  }
}

void SyntheticMarket::add_agents(const AddAgent& add) {
  const BackgroundSettings& background = scenario_.background;
  const Nanos start = scenario_.sim.start;
  const Nanos end = scenario_.sim.end();
  const agents::OrderSizeModel sizes(background.order_size_scale);
  const auto add_group = [&](int count, std::string_view kind, auto make) {
    for (int i = 0; i < count; ++i) add(make(), std::string(kind) + "/" + std::to_string(i));
  };
  add_group(background.noise_count, "noise", [&] {
    return std::make_unique<agents::NoiseTrader>(background.noise, sizes, start, end);
  });
  add_group(background.value_count, "value", [&] {
    return std::make_unique<agents::ValueTrader>(background.value, sizes,
                                                 scenario_.market.fundamental.mean, start, end);
  });
  add_group(background.momentum_count, "momentum", [&] {
    return std::make_unique<agents::MomentumTrader>(background.momentum, sizes, start);
  });
  add_group(background.market_maker_count, "market_maker", [&] {
    return std::make_unique<agents::AdaptiveMarketMaker>(background.market_maker, start);
  });
  add_group(background.taker_count, "takers",
            [&] { return std::make_unique<agents::TakerFlow>(background.takers, start); });
  add_group(background.liquidity_count, "liquidity", [&] {
    return std::make_unique<agents::LiquidityProvider>(background.liquidity, sizes, start);
  });
}

void SyntheticMarket::start(Nanos start, EventQueue& queue, MarketSignals& signals) {
  signals.fundamental = fundamental_.value();
  queue.push(start + scenario_.sim.step, EventPhase::kMarket, 0);
}

void SyntheticMarket::on_event(const Event& event, EventQueue& queue, MarketSignals& signals) {
  fundamental_.advance_to(event.time);
  signals.fundamental = fundamental_.value();
  signals.volatile_regime = fundamental_.volatile_regime();
  queue.push(event.time + scenario_.sim.step, EventPhase::kMarket, 0);
}

double SyntheticMarket::fundamental(double mid) const {
  (void)mid;
  return fundamental_.value();
}

}  // namespace lmsim::sim
