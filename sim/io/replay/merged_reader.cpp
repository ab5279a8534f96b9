#include "sim/io/replay/merged_reader.hpp"

#include <stdexcept>

namespace lmsim::sim::replay {

MergedReader::MergedReader(std::vector<std::unique_ptr<MarketEventReader>> inputs)
    : inputs_(std::move(inputs)), heads_(inputs_.size()) {
  if (inputs_.empty()) throw std::invalid_argument("MergedReader needs at least one input");
  for (const auto& input : inputs_) {
    if (input == nullptr) throw std::invalid_argument("MergedReader input is null");
  }
  clock_ = inputs_.front()->clock();
  for (const auto& input : inputs_) {
    if (input->clock() != clock_) {
      throw std::invalid_argument(
          "MergedReader inputs use different clocks (exchange and local times must not be "
          "mixed)");
    }
  }
}

bool MergedReader::next(MarketEvent& event) {
  std::size_t best = heads_.size();
  for (std::size_t i = 0; i < heads_.size(); ++i) {
    Head& head = heads_[i];
    if (!head.ready && !head.done) {
      head.ready = inputs_[i]->next(head.event);
      head.done = !head.ready;
    }
    // Strictly earlier only: at equal times the lower index (given first) wins.
    if (head.ready && (best == heads_.size() ||
                       time_on(head.event, clock_) < time_on(heads_[best].event, clock_))) {
      best = i;
    }
  }
  if (best == heads_.size()) return false;
  event = heads_[best].event;
  heads_[best].ready = false;
  return true;
}

BadRowCounts MergedReader::bad_rows() const {
  BadRowCounts total;
  for (const auto& input : inputs_) total += input->bad_rows();
  return total;
}

}  // namespace lmsim::sim::replay
