#include "sim/core/registries.hpp"

#include "sim/core/miners/avellaneda_stoikov.hpp"
#include "sim/core/miners/flicker.hpp"
#include "sim/core/miners/one_sided.hpp"
#include "sim/core/miners/pure_market_making.hpp"
#include "sim/core/miners/snapshot_gamer.hpp"
#include "sim/core/miners/whale.hpp"

namespace lmsim::sim {

const Registries& builtin_registries() {
  // Built once, then read-only: every run and every thread of a sweep reads the same kinds.
  static const Registries registries = [] {
    Registries all;
    all.strategies.add(miners::pure_market_making_kind());
    all.strategies.add(miners::avellaneda_stoikov_kind());
    // Strategies that model how campaigns are gamed (docs/miners.md, docs/gaming.md).
    all.strategies.add(miners::snapshot_gamer_kind());
    all.strategies.add(miners::flicker_kind());
    all.strategies.add(miners::whale_kind());
    all.strategies.add(miners::one_sided_kind());
    all.rules = engine::builtin_rules();
    all.queue_models.add(conservative_queue_kind());
    all.queue_models.add(probabilistic_queue_kind());
    all.latency_models.add(constant_latency_kind());
    all.latency_models.add(uniform_latency_kind());
    all.fee_models.add(proportional_fee_kind());
    all.fee_models.add(per_unit_fee_kind());
    all.fee_models.add(flat_fee_kind());
    return all;
  }();
  return registries;
}

namespace {

template <typename Product, typename Context, typename Registry>
std::unique_ptr<Product> make_or_default(
    const std::shared_ptr<const engine::Configured<Product, Context>>& config,
    const Registry& registry, const Context& context) {
  if (config) return config->make(context);
  return registry.kinds().front().configure()->make(context);
}

}  // namespace

std::unique_ptr<FeeModel> make_fee_model(const std::shared_ptr<const FeeConfig>& config) {
  return make_or_default(config, builtin_registries().fee_models, FeeSetup{});
}

std::unique_ptr<QueueModel> make_queue_model(const std::shared_ptr<const QueueConfig>& config) {
  return make_or_default(config, builtin_registries().queue_models, QueueSetup{});
}

std::unique_ptr<LatencyModel> make_latency_model(const std::shared_ptr<const LatencyConfig>& config,
                                                 engine::Nanos step) {
  return make_or_default(config, builtin_registries().latency_models, LatencySetup{step});
}

}  // namespace lmsim::sim
