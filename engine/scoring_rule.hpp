#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "engine/miner_weights.hpp"
#include "engine/registry.hpp"
#include "engine/snapshot.hpp"

namespace lmsim::engine {

/// The seam between a campaign's reward rule and the money: a rule turns the orders resting at
/// one snapshot into per-miner weights on each side; the `RewardLedger` then shares each side's
/// pool in proportion to those weights. A rule is pure (no state between snapshots that changes
/// its answers), so the same snapshot always weighs the same.
class ScoringRule {
 public:
  virtual ~ScoringRule() = default;

  /// Adds every miner's weight for `snapshot` to `weights` (which the caller has cleared) and
  /// calls `weights.finish()`. Miners with no eligible order keep weight zero.
  virtual void weigh(const Snapshot& snapshot, MinerWeights& weights) = 0;

  /// The weight of each order of the last `weigh` call (0 = ineligible), in order-table order.
  virtual std::span<const double> last_order_weights() const = 0;

  /// The fraction of every slot's pool paid to the bid side (the rest goes to asks), in [0, 1].
  virtual double bid_share() const = 0;

  /// The key that makes weighing need each order's creation time (OrderColumns::created), e.g.
  /// a maximum order age; nullopt when creation times are not needed.
  virtual std::optional<std::string> creation_times_needed_by() const = 0;
};

/// What a rule is built from besides its parameters (nothing yet; the seam for rules that will
/// need the campaign's markets or timing).
struct RuleContext {};

/// A rule chosen by name with its parameters set, as a campaign holds it.
using RuleConfig = Configured<ScoringRule, RuleContext>;
/// A registered rule.
using RuleKind = Kind<ScoringRule, RuleContext>;
/// The rules a campaign may name.
using RuleRegistry = Registry<ScoringRule, RuleContext>;

/// The rules lmsim ships (rules.cpp registers each, one line a rule), in the order the docs list
/// them. Loaders take a registry, so a program (or a test) can add its own rules to a copy.
const RuleRegistry& builtin_rules();

/// A rule of `registry` with its default parameters; throws std::invalid_argument for an
/// unknown name.
std::unique_ptr<RuleConfig> configure_rule(std::string_view name,
                                           const RuleRegistry& registry = builtin_rules());

}  // namespace lmsim::engine
