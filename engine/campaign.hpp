#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/money.hpp"
#include "engine/scoring_rule.hpp"
#include "engine/time.hpp"

namespace lmsim::engine {

/// One market (pair) of a campaign and the budget it pays in every epoch.
struct CampaignMarket {
  std::string pair;
  BaseUnits budget_per_epoch = 0;  ///< reward base units per epoch; ≥ 0
};

/// When a slot's snapshot is taken, in a simulation (a recorded snapshot's time is given).
enum class SnapshotTiming : std::uint8_t {
  kRandom,       ///< a uniformly random instant of the slot, drawn afresh for every slot
  kFixedOffset,  ///< slot_start + snapshot_offset in every slot: predictable, hence gameable
};

/// A liquidity-mining campaign: a fixed budget per market and epoch, paid out over equally spaced
/// snapshot slots. Slot k covers [epoch_start + k·interval, epoch_start + (k+1)·interval); slots
/// are numbered across all epochs, so slot k belongs to epoch k / slots_per_epoch().
struct Campaign {
  std::string name;
  std::string reward_token;
  int reward_decimals = 0;  ///< one base unit = 10^-reward_decimals tokens; in [0, 18]
  Nanos epoch_start = 0;    ///< UTC ns of the first epoch's start
  Nanos epoch_length = 0;   ///< a whole multiple of snapshot_interval
  int epochs = 1;           ///< ≥ 1
  Nanos snapshot_interval = 0;
  SnapshotTiming snapshot_timing = SnapshotTiming::kRandom;
  /// kFixedOffset: where in its slot each snapshot falls; in [0, snapshot_interval). Unused
  /// with kRandom.
  Nanos snapshot_offset = 0;
  /// The rule that weighs each snapshot's orders, with its parameters (rule_registry.hpp).
  /// Shared and immutable: copies of a campaign score alike. Null means Hummingbot's rule with
  /// its default parameters.
  std::shared_ptr<const RuleConfig> rule;
  std::vector<CampaignMarket> markets;

  std::int64_t slots_per_epoch() const { return epoch_length / snapshot_interval; }
  std::int64_t total_slots() const { return slots_per_epoch() * epochs; }
  Nanos end() const { return epoch_start + epoch_length * epochs; }
  Nanos slot_start(std::int64_t slot) const { return epoch_start + slot * snapshot_interval; }
  int epoch_of_slot(std::int64_t slot) const { return static_cast<int>(slot / slots_per_epoch()); }

  /// The slot containing instant `t`, or nullopt when `t` lies outside every epoch.
  std::optional<std::int64_t> slot_at(Nanos t) const;

  /// The configured rule (Hummingbot's with defaults when `rule` is null).
  const RuleConfig& scoring_rule() const;
  /// A new instance of the rule, for one ledger.
  std::unique_ptr<ScoringRule> make_rule() const;

  /// Index of the market trading `pair`, or nullopt.
  std::optional<std::size_t> market_index(const std::string& pair) const;
};

/// Throws std::invalid_argument naming the first field that breaks the ranges documented above
/// (the configuration layer reports these with file positions before the engine ever sees them).
void validate(const Campaign& campaign);

}  // namespace lmsim::engine
