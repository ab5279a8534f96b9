#pragma once

#include <vector>

#include "sim/core/replay/market_event.hpp"

namespace lmsim::sim::replay {

/// The events a reader has produced but not yet returned: a ready part, handed out by `pop`,
/// and the open update group, which joins the ready part when it passes its checks
/// (`publish_group`) or is discarded (`drop_group`). Both vectors keep their capacity, so a
/// steady stream allocates nothing.
class PendingEvents {
 public:
  bool pop(MarketEvent& event) {
    if (position_ == ready_.size()) return false;
    event = ready_[position_++];
    return true;
  }
  bool empty() const { return position_ == ready_.size(); }

  std::vector<MarketEvent>& group() { return group_; }

  void publish_group() {
    if (position_ == ready_.size()) {
      ready_.swap(group_);
      position_ = 0;
    } else {
      ready_.insert(ready_.end(), group_.begin(), group_.end());
    }
    group_.clear();
  }
  void drop_group() { group_.clear(); }

 private:
  std::vector<MarketEvent> ready_;
  std::size_t position_ = 0;
  std::vector<MarketEvent> group_;
};

}  // namespace lmsim::sim::replay
