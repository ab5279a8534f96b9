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

}  // namespace lmsim::sim
