#pragma once

#include <memory>
#include <string_view>

#include "engine/registry.hpp"
#include "sim/core/order_book.hpp"

namespace lmsim::sim {

/// How a virtual order's place in a recorded queue moves when the recorded quantity at its price
/// falls for a reason other than a trade (trades are handled the same way by every model: they
/// consume the quantity ahead first). A recorded book shows only each level's total, so whether
/// a cancellation was ahead of or behind the order is unknown; a model decides.
class QueueModel {
 public:
  virtual ~QueueModel() = default;
  /// The quantity ahead after the level's recorded quantity fell from `before` to `after`
  /// (after < before) by cancellations; `ahead` ≤ before on entry, result ≤ after.
  virtual Lots ahead_after_cancellations(Lots ahead, Lots before, Lots after) const = 0;
  virtual std::string_view name() const = 0;
};

/// The conservative model: cancellations happen behind the order, so only trades at its price
/// advance it — except that nobody can be ahead of it beyond what the level still holds
/// (ahead = min(ahead, after)).
class ConservativeQueueModel final : public QueueModel {
 public:
  Lots ahead_after_cancellations(Lots ahead, Lots before, Lots after) const override;
  std::string_view name() const override { return "conservative"; }
};

/// The probabilistic model: of a cancelled quantity c at the level, the share
///   f = ahead^n / (ahead^n + behind^n),   behind = before − ahead,
/// is taken from the queue ahead of the order (rounded down to a lot), the rest from behind it;
/// n = `power`. n = 1 spreads cancellations in proportion to the queue on each side; larger n
/// assumes cancellations cluster at the back of a long queue (a well-known choice in queue-
/// position modelling, e.g. hftbacktest's "power probability" queue model). Then as the
/// conservative model, ahead ≤ after.
class ProbabilisticQueueModel final : public QueueModel {
 public:
  explicit ProbabilisticQueueModel(double power) : power_(power) {}
  Lots ahead_after_cancellations(Lots ahead, Lots before, Lots after) const override;
  std::string_view name() const override { return "probabilistic"; }

 private:
  double power_;
};

/// What a queue model is built from besides its parameters (nothing yet).
struct QueueSetup {};

using QueueConfig = engine::Configured<QueueModel, QueueSetup>;
using QueueKind = engine::Kind<QueueModel, QueueSetup>;
using QueueRegistry = engine::Registry<QueueModel, QueueSetup>;

/// `conservative` (the default) and `probabilistic` (`power` = n > 0, default 2).
QueueKind conservative_queue_kind();
QueueKind probabilistic_queue_kind();

}  // namespace lmsim::sim
