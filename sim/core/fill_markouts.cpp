#include "sim/core/fill_markouts.hpp"

#include <limits>

namespace lmsim::sim {

FillMarkouts::FillMarkouts(Nanos horizon) : horizon_(horizon) {}

void FillMarkouts::on_fill(Nanos time) {
  const Nanos latest = std::numeric_limits<Nanos>::max() - horizon_;
  due_.push_back(time > latest ? std::numeric_limits<Nanos>::max() : time + horizon_);
}

void FillMarkouts::report(double mid, RunObserver& observer) {
  observer.on_fill_markout(FillMarkoutRecord{next_fill_++, mid});
  ++head_;
}

void FillMarkouts::on_step(Nanos time, double mid, RunObserver& observer) {
  // A horizon ending between the previous step and this one: the last step at or before it is
  // the previous one, known to be final only now that the clock has moved past it.
  while (head_ < due_.size() && due_[head_] < time) report(step_mid_, observer);
  while (head_ < due_.size() && due_[head_] == time) report(mid, observer);
  step_mid_ = mid;
  if (head_ > 0 && 2 * head_ >= due_.size()) {
    due_.erase(due_.begin(), due_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
}

void FillMarkouts::finish(RunObserver& observer) {
  while (head_ < due_.size()) report(std::numeric_limits<double>::quiet_NaN(), observer);
  due_.clear();
  head_ = 0;
}

}  // namespace lmsim::sim
