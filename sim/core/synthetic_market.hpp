#pragma once

#include "sim/core/exchange.hpp"
#include "sim/core/fundamental_process.hpp"
#include "sim/core/market_source.hpp"

namespace lmsim::sim {

/// A synthetic market (MarketSource): one price-time-priority Exchange shared by everyone, the
/// background population of `[background]` (noise, value and momentum traders, adaptive market
/// makers, taker flow; docs/abides-population.md), and the fundamental value they trade around,
/// advanced on every clock step (kMarket events) and published in MarketSignals.
class SyntheticMarket final : public MarketSource {
 public:
  SyntheticMarket(const Scenario& scenario, std::size_t miner_accounts);

  Venue& venue() override { return exchange_; }
  const Venue& venue() const override { return exchange_; }
  void add_agents(const AddAgent& add) override;
  void start(Nanos start, EventQueue& queue, MarketSignals& signals) override;
  bool owns(const Event& event) const override { return event.phase == EventPhase::kMarket; }
  void on_event(const Event& event, EventQueue& queue, MarketSignals& signals) override;
  double fundamental(double mid) const override;

 private:
  const Scenario& scenario_;
  Exchange exchange_;
  FundamentalProcess fundamental_;
};

}  // namespace lmsim::sim
