#include <stdexcept>

#include "engine/dydx_rule.hpp"
#include "engine/hummingbot_rule.hpp"
#include "engine/polymarket_rule.hpp"
#include "engine/scoring_rule.hpp"
#include "engine/size_only_rule.hpp"
#include "engine/uniform_rule.hpp"

namespace lmsim::engine {

const RuleRegistry& builtin_rules() {
  // Built once and never changed: a registry is read-only once made.
  static const RuleRegistry registry = [] {
    RuleRegistry rules;
    rules.add(hummingbot_rule_kind());
    rules.add(dydx_rule_kind());
    rules.add(polymarket_rule_kind());
    rules.add(size_only_rule_kind());
    rules.add(uniform_rule_kind());
    return rules;
  }();
  return registry;
}

void ScoringRule::snapshot_scores(const MinerWeights& weights, std::span<const MinerId> miners,
                                  std::span<double> scores) const {
  // A rule that pays at the epoch's end without saying how scores a snapshot by its two sides'
  // weights together.
  for (std::size_t i = 0; i < miners.size(); ++i) {
    scores[i] = weights.weight(Side::kBid, miners[i]) + weights.weight(Side::kAsk, miners[i]);
  }
}

double ScoringRule::final_score(const EpochActivity& activity) const {
  return activity.score;
}

std::unique_ptr<RuleConfig> configure_rule(std::string_view name, const RuleRegistry& registry) {
  const RuleKind* kind = registry.find(name);
  if (kind == nullptr)
    throw std::invalid_argument("unknown scoring rule \"" + std::string(name) + "\"");
  return kind->configure();
}

}  // namespace lmsim::engine
