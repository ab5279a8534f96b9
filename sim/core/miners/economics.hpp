#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/param_spec.hpp"
#include "engine/time.hpp"

namespace lmsim::sim::miners {

// Miner economics (docs/miners.md, "Economics"): why a miner is in the market at all. A liquidity
// mining reward is the reason miners quote; they join a market whose yield beats what their
// capital earns elsewhere (their reservation yield), size up or down with the yield, and pick the
// spread that pays best. Any strategy can carry it: `[[miners]] economics = { ... }`.
//
// Yields are annual rates on the miner's capital (its account's value at the mid: base × mid +
// quote), in quote currency: 0.15 = 15% a year.

enum class YieldSignal : std::uint8_t {
  kPublished,  ///< the campaign's published yield, as Hummingbot's Miner app showed it
  kTrailing,   ///< the miner's own realised reward yield over the lookback
};
enum class SizePolicy : std::uint8_t { kFixed, kYieldScaled };
/// How the miner values its trading (trading_markouts.hpp).
enum class TradingResult : std::uint8_t {
  kInventory,  ///< the account against holding its start, both at today's mid
  kMarkout,    ///< every fill's change at the mid `markout_horizon` after it
};
enum class SpreadPolicy : std::uint8_t { kFixed, kBestResponse };

struct EconomicsParams {
  double reservation_yield = 0.10;  ///< what the capital must earn a year, net of trading
  double hysteresis = 0.02;  ///< join above reservation + h/2, leave below reservation − h/2
  engine::Nanos review_every = engine::kNanosPerHour;
  YieldSignal signal = YieldSignal::kPublished;
  engine::Nanos lookback = engine::kNanosPerDay;  ///< of the trailing signal and the costs
  TradingResult trading_result = TradingResult::kMarkout;
  engine::Nanos markout_horizon = 5 * engine::kNanosPerMinute;  ///< of kMarkout
  SizePolicy size_policy = SizePolicy::kFixed;
  double min_size_scale = 0.25;
  double max_size_scale = 4.0;
  SpreadPolicy spread_policy = SpreadPolicy::kFixed;
  std::vector<double> spreads{0.05, 0.1, 0.2, 0.5, 1.0};  ///< percent, the choices
  double exploration = 1.0;                               ///< c of the UCB1 choice among spreads
};

/// The keys of `economics = { ... }` (docs/keys.md).
const engine::ParamSpec<EconomicsParams>& economics_spec();

/// What a miner knows when it reviews its position.
struct ReviewInputs {
  engine::Nanos now = 0;
  /// The campaign's reward for the simulated market per day, valued in quote currency; 0 when
  /// no epoch is running.
  double reward_per_day = 0.0;
  /// Eligible liquidity at the last snapshot (both sides, quote value), the miner's own included.
  double eligible_liquidity = 0.0;
  /// The miner's own eligible liquidity at the last snapshot (quote value).
  double own_eligible = 0.0;
  /// What the miner would quote at its current size scale and spread (both sides, quote value).
  double planned_size = 0.0;
  /// The account's value at the mid (quote); > 0 for a decision to be taken.
  double capital = 0.0;
  /// Since the start: the rewards received (quote value), the trading result (spread capture −
  /// adverse selection − fees, as `trading_result` values it), and the time active.
  double reward_total = 0.0;
  double trading_total = 0.0;
  engine::Nanos active_total = 0;
  /// The best net yield of the campaign's other markets the miner may move to (NaN: none).
  double outside_yield = 0.0;
};

/// A miner's decision at a review.
struct EconomicsDecision {
  bool active = false;
  double size_scale = 1.0;        ///< multiplies the strategy's order sizes
  std::optional<double> spread;   ///< percent, when the spread policy chooses it
  std::size_t spread_choice = 0;  ///< index into the spreads grid
  double expected_yield = 0.0;    ///< annual, net, what it expects if active
  double realised_yield = 0.0;    ///< annual, net, what it earned over the lookback
  bool outside = false;           ///< left for another market of the campaign
};

/// A decision and when it was taken, for the results (/miners/decisions).
struct ReviewRecord {
  engine::Nanos time = 0;
  EconomicsDecision decision;
};

/// One miner's economics: its decisions and what it has learnt of its spreads. Deterministic:
/// the spread choice is UCB1 (Auer et al. 2002) over the grid — untried spreads first, in grid
/// order, then the highest mean payoff plus c·√(2 ln n / n_k); ties go to the tighter spread.
class MinerEconomics {
 public:
  explicit MinerEconomics(EconomicsParams params);

  /// The decision at a review; credits the period since the last review to the spread used then.
  EconomicsDecision review(const ReviewInputs& inputs);

  const EconomicsParams& params() const { return params_; }
  const EconomicsDecision& current() const { return current_; }

 private:
  EconomicsParams params_;
  EconomicsDecision current_;
  std::vector<double> payoff_sum_;  ///< per spread: Σ annualised net yield of its periods
  std::vector<std::int64_t> payoff_count_;
  std::int64_t reviews_ = 0;
  /// The totals at each review within the lookback (oldest first): the trailing window.
  struct Mark {
    engine::Nanos time;
    double reward;
    double trading;
    engine::Nanos active;
  };
  std::vector<Mark> marks_;
};

}  // namespace lmsim::sim::miners
