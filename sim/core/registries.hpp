#pragma once

#include "engine/scoring_rule.hpp"
#include "sim/core/fee_model.hpp"
#include "sim/core/latency_model.hpp"
#include "sim/core/miners/miner_strategy.hpp"
#include "sim/core/queue_model.hpp"

namespace lmsim::sim {

/// Every extension point a scenario names things from: miner strategies, scoring rules, and the
/// queue, latency and fee models. A scenario is read against one of these; a program (or a
/// test) can copy the built-in one and register kinds of its own.
struct Registries {
  miners::StrategyRegistry strategies;
  engine::RuleRegistry rules;
  QueueRegistry queue_models;
  LatencyRegistry latency_models;
  FeeRegistry fee_models;
};

/// The kinds lmsim ships (registries.cpp: one line a kind), in the order the docs list them.
const Registries& builtin_registries();

/// The model a scenario configured, or the default kind (the first registered) with its
/// defaults when a scenario built in code left it out.
std::unique_ptr<FeeModel> make_fee_model(const std::shared_ptr<const FeeConfig>& config);
std::unique_ptr<QueueModel> make_queue_model(const std::shared_ptr<const QueueConfig>& config);
std::unique_ptr<LatencyModel> make_latency_model(const std::shared_ptr<const LatencyConfig>& config,
                                                 engine::Nanos step);

}  // namespace lmsim::sim
