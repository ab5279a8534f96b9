#include "sim/core/registries.hpp"

#include "sim/core/miners/avellaneda_stoikov.hpp"
#include "sim/core/miners/pure_market_making.hpp"

namespace lmsim::sim {

const Registries& builtin_registries() {
  // Built once, then read-only: every run and every thread of a sweep reads the same kinds.
  static const Registries registries = [] {
    Registries all;
    all.strategies.add(miners::pure_market_making_kind());
    all.strategies.add(miners::avellaneda_stoikov_kind());
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

}  // namespace lmsim::sim
