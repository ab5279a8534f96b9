#pragma once

#include "engine/registry.hpp"
#include "engine/time.hpp"
#include "sim/core/random_stream.hpp"

namespace lmsim::sim {

/// How long a miner's order request (a submission or a cancellation) takes to reach the venue
/// (hftbacktest's LatencyModel seam). The miner decides at `now`; the venue acts at
/// now + latency. Requests of one miner arrive in the order they were sent (one connection):
/// the miner holds a request back behind an earlier one that arrives later.
class LatencyModel {
 public:
  virtual ~LatencyModel() = default;
  /// The delay of a submission decided at `now` (ns, ≥ 0). `random` is the miner's own stream.
  virtual engine::Nanos submission(engine::Nanos now, RandomStream& random) = 0;
  /// The delay of a cancellation decided at `now` (ns, ≥ 0).
  virtual engine::Nanos cancellation(engine::Nanos now, RandomStream& random) = 0;
};

/// What a latency model is built from besides its parameters: the simulation's clock step.
struct LatencySetup {
  engine::Nanos step = 0;
};

using LatencyConfig = engine::Configured<LatencyModel, LatencySetup>;
using LatencyKind = engine::Kind<LatencyModel, LatencySetup>;
using LatencyRegistry = engine::Registry<LatencyModel, LatencySetup>;

/// `constant`: every submission takes `submission`, every cancellation `cancellation` (both
/// default 0: requests act at once). The default model.
LatencyKind constant_latency_kind();
/// `uniform`: each request's delay drawn uniformly from [low, high] in whole nanoseconds.
LatencyKind uniform_latency_kind();

/// A constant latency model, for miners built in code.
std::unique_ptr<LatencyModel> constant_latency(engine::Nanos submission = 0,
                                               engine::Nanos cancellation = 0);

}  // namespace lmsim::sim
