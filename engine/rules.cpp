#include <stdexcept>

#include "engine/hummingbot_rule.hpp"
#include "engine/scoring_rule.hpp"

namespace lmsim::engine {

const RuleRegistry& builtin_rules() {
  // Built once and never changed: a registry is read-only once made.
  static const RuleRegistry registry = [] {
    RuleRegistry rules;
    rules.add(hummingbot_rule_kind());
    return rules;
  }();
  return registry;
}

std::unique_ptr<RuleConfig> configure_rule(std::string_view name, const RuleRegistry& registry) {
  const RuleKind* kind = registry.find(name);
  if (kind == nullptr)
    throw std::invalid_argument("unknown scoring rule \"" + std::string(name) + "\"");
  return kind->configure();
}

}  // namespace lmsim::engine
