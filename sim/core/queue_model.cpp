#include "sim/core/queue_model.hpp"

#include <algorithm>
#include <cmath>

namespace lmsim::sim {

Lots ConservativeQueueModel::ahead_after_cancellations(Lots ahead, Lots before, Lots after) const {
  (void)before;
  return std::max<Lots>(0, std::min(ahead, after));
}

Lots ProbabilisticQueueModel::ahead_after_cancellations(Lots ahead, Lots before, Lots after) const {
  const Lots cancelled = before - after;
  const Lots behind = std::max<Lots>(0, before - ahead);
  if (cancelled <= 0 || ahead <= 0) return std::max<Lots>(0, std::min(ahead, after));
  const double front = std::pow(static_cast<double>(ahead), power_);
  const double back = std::pow(static_cast<double>(behind), power_);
  const double share = front / (front + back);
  const auto from_ahead = static_cast<Lots>(std::floor(static_cast<double>(cancelled) * share));
  return std::max<Lots>(0, std::min(ahead - from_ahead, after));
}

namespace {

struct NoParams {};
struct PowerParams {
  double power = 2.0;
};

}  // namespace

QueueKind conservative_queue_kind() {
  return engine::make_kind<NoParams, QueueModel, QueueSetup>(
      "conservative", "only trades at its price advance a virtual order",
      engine::ParamSpec<NoParams>(), [](const NoParams&, const QueueSetup&) {
        return std::unique_ptr<QueueModel>(std::make_unique<ConservativeQueueModel>());
      });
}

QueueKind probabilistic_queue_kind() {
  using P = PowerParams;
  engine::ParamSpec<P> spec;
  spec.number(
      "power", [](P& p) -> double& { return p.power; }, engine::Bounds::above_up_to(0.0, 100.0),
      "n: the share of a cancellation taken from ahead is ahead^n / (ahead^n + behind^n)");
  return engine::make_kind<P, QueueModel, QueueSetup>(
      "probabilistic", "cancellations come from ahead of a virtual order in proportion to a power",
      std::move(spec), [](const P& params, const QueueSetup&) {
        return std::unique_ptr<QueueModel>(std::make_unique<ProbabilisticQueueModel>(params.power));
      });
}

}  // namespace lmsim::sim
