#include "sim/core/run_limits.hpp"

#include <algorithm>

namespace lmsim::sim {

std::vector<EventSource> estimate_events(const Scenario& scenario) {
  std::vector<EventSource> sources;
  const double duration = static_cast<double>(scenario.sim.duration);
  const double steps = duration / static_cast<double>(std::max<Nanos>(scenario.sim.step, 1));
  sources.push_back({"sim.dt", "the market's and the sampler's clock steps", 2.0 * steps});
  double miners = 0;
  for (const MinerGroup& group : scenario.miners) miners += group.count;
  if (miners > 0) {
    sources.push_back({"sim.dt", "the miners' steps", miners * steps});
  }
  const BackgroundSettings& background = scenario.background;
  const auto agents = [&](const char* key, int count, Nanos interval, const char* kind) {
    if (count <= 0) return;
    const double wakes = duration / static_cast<double>(std::max<Nanos>(interval, 1));
    sources.push_back({key, std::to_string(count) + " " + kind, count * (wakes + 1.0)});
  };
  if (background.noise.arrival == agents::NoiseArrival::kPoisson) {
    agents("background.noise.mean_interval", background.noise_count, background.noise.mean_interval,
           "noise traders");
  } else if (background.noise_count > 0) {
    sources.push_back({"background.noise.count", "noise traders", 2.0 * background.noise_count});
  }
  agents("background.value.mean_interval", background.value_count, background.value.mean_interval,
         "value traders");
  agents("background.momentum.mean_interval", background.momentum_count,
         background.momentum.mean_interval, "momentum traders");
  agents("background.market_makers.mean_interval", background.market_maker_count,
         background.market_maker.mean_interval, "market makers");
  agents("background.takers.mean_interval", background.taker_count, background.takers.mean_interval,
         "takers");
  sources.push_back({"campaign.snapshot_interval", "the campaign's snapshots",
                     static_cast<double>(scenario.campaign.total_slots())});
  std::stable_sort(sources.begin(), sources.end(),
                   [](const EventSource& a, const EventSource& b) { return a.events > b.events; });
  return sources;
}

double expected_events(const Scenario& scenario) {
  double total = 0;
  for (const EventSource& source : estimate_events(scenario)) total += source.events;
  return total;
}

}  // namespace lmsim::sim
