#pragma once

#include <vector>

#include "sim/core/agent.hpp"

namespace lmsim::sim::agents {

struct AdaptiveMarketMakerParams {
  Nanos mean_interval = 60 * engine::kNanosPerSecond;  ///< also the volume lookback
  double pov = 0.025;  ///< size per level = pov × volume traded in the lookback
  Lots min_order_size = 1;
  int levels = 10;               ///< orders per side (ABIDES num_ticks)
  double level_spacing = 5.0;    ///< ticks between levels = round(level_spacing × spread EWMA)
  double spread_alpha = 0.75;    ///< weight of the newest spread in the EWMA
  double price_skew = 4.0;       ///< ticks the centre moves towards the side that has been buying
  double initial_spread = 50.0;  ///< ticks (ABIDES INITIAL_SPREAD_VALUE)
  /// The narrowest spread it quotes, ticks (0: none, as ABIDES). Two adaptive makers that each
  /// match the spread they see otherwise narrow it to a tick or two between them.
  double min_spread = 0.0;
};

/// ABIDES' AdaptiveMarketMakerAgent (rmsc04 settings): a background market maker that keeps a
/// ladder of `levels` orders per side. At Poisson times it cancels all its orders, then reads the
/// book (without its own quotes) and the volume traded in the last `mean_interval`:
///   spread EWMA w ← α·(ask − bid) + (1 − α)·w, quoted spread q = max(w, min_spread),
///   tick step = max(1, round(level_spacing × q)),
///   size = max(round(pov × volume), min_order_size),
///   centre = trunc(mid + (2·buys/(buys+sells) − 1)·price_skew),
///   bids at centre − floor(q/2) − k·step, asks at centre + ceil(q/2) + k·step, k = 0..levels−1.
/// With an empty side it keeps its last mid and spread; before it has ever seen a mid it only
/// waits for the next wake (ABIDES' agent would stop for the day — a bug not reproduced). Its
/// book-imbalance subscription is not reproduced either.
class AdaptiveMarketMaker final : public Agent {
 public:
  AdaptiveMarketMaker(AdaptiveMarketMakerParams params, Nanos start);
  void start(AgentContext& context) override;
  void on_wake(AgentContext& context) override;

 private:
  Nanos next_gap(RandomStream& random) const;

  AdaptiveMarketMakerParams params_;
  Nanos start_;
  double spread_ewma_;
  std::optional<Ticks> last_mid_;
  std::vector<OrderId> open_;
};

}  // namespace lmsim::sim::agents
