#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/money.hpp"
#include "engine/time.hpp"

namespace lmsim::engine {

/// Which scoring rule turns a snapshot's orders into per-miner weights. Only the Hummingbot rule
/// exists today; the peer rules of SCORING.md §2 will join this list.
enum class RuleKind { kHummingbot };

/// The parameters of the Hummingbot liquidity-mining rule (SCORING.md §1). Spreads are fractions
/// of the mid (0.01 = 1%); amounts are in base-asset units.
struct RuleParams {
  double max_spread = 0.01;       ///< s_max: orders with |p − m|/m above it earn nothing; > 0
  double spread_factor = 2.0;     ///< λ in ρ(s) = exp(−λ·s/s_max); ≥ 0 (0 = size only)
  double bid_share = 0.5;         ///< fraction of every slot's pool paid to bids; in [0, 1]
  double min_order_amount = 0.0;  ///< smaller orders are ineligible; ≥ 0
  std::optional<Nanos> max_order_age;  ///< orders this old or older are ineligible; unset = off
};

/// One market (pair) of a campaign and the budget it pays in every epoch.
struct CampaignMarket {
  std::string pair;
  BaseUnits budget_per_epoch = 0;  ///< reward base units per epoch; ≥ 0
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
  RuleKind rule = RuleKind::kHummingbot;
  RuleParams params;
  std::vector<CampaignMarket> markets;

  std::int64_t slots_per_epoch() const { return epoch_length / snapshot_interval; }
  std::int64_t total_slots() const { return slots_per_epoch() * epochs; }
  Nanos end() const { return epoch_start + epoch_length * epochs; }
  Nanos slot_start(std::int64_t slot) const { return epoch_start + slot * snapshot_interval; }
  int epoch_of_slot(std::int64_t slot) const { return static_cast<int>(slot / slots_per_epoch()); }

  /// The slot containing instant `t`, or nullopt when `t` lies outside every epoch.
  std::optional<std::int64_t> slot_at(Nanos t) const;

  /// Index of the market trading `pair`, or nullopt.
  std::optional<std::size_t> market_index(const std::string& pair) const;
};

/// Throws std::invalid_argument naming the first field that breaks the ranges documented above
/// (the configuration layer reports these with file positions before the engine ever sees them).
void validate(const Campaign& campaign);

}  // namespace lmsim::engine
