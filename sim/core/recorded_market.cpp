#include "sim/core/recorded_market.hpp"

#include <stdexcept>

#include "sim/core/registries.hpp"

namespace lmsim::sim {

namespace {

/// The recorded market's seat in a replay: it never acts; its events arrive through the tape.
class RecordedSeat final : public Agent {
 public:
  void start(AgentContext& context) override { (void)context; }
  void on_wake(AgentContext& context) override { (void)context; }
};

}  // namespace

RecordedMarket::RecordedMarket(const Scenario& scenario,
                               std::unique_ptr<replay::MarketEventReader> tape,
                               std::size_t miner_accounts)
    : clock_(scenario.market.replay->clock),
      venue_(scenario.market.spec, make_fee_model(scenario.market.fees), 1 + miner_accounts,
             make_queue_model(scenario.market.replay->queue)),
      tape_(std::move(tape)) {
  if (!tape_) throw std::invalid_argument("RecordedMarket: a replay needs its recorded events");
}

void RecordedMarket::add_agents(const AddAgent& add) {
  add(std::make_unique<RecordedSeat>(), "recorded_market");
}

void RecordedMarket::start(Nanos start, EventQueue& queue, MarketSignals& signals) {
  (void)signals;
  // The recorded book as it stood at the start: everything before it, applied at once.
  bool replaying = false;
  while ((replaying = read_group()) && group_time_ < start) venue_.apply(group_view_, group_time_);
  if (replaying) queue.push(group_time_, EventPhase::kBackground, kSeat);
}

void RecordedMarket::on_event(const Event& event, EventQueue& queue, MarketSignals& signals) {
  (void)signals;
  venue_.apply(group_view_, event.time);
  if (read_group()) queue.push(group_time_, EventPhase::kBackground, kSeat);
}

bool RecordedMarket::read_group() {
  group_.clear();
  group_view_ = group_;
  if (!next_event_) {
    // The whole group among the decoded events, with the event after it: taken in place.
    const std::span<const replay::MarketEvent> decoded = tape_->decoded();
    if (!decoded.empty()) {
      const Nanos time = replay::time_on(decoded.front(), clock_);
      std::size_t same = 1;
      while (same < decoded.size() && replay::time_on(decoded[same], clock_) == time) ++same;
      if (same < decoded.size()) {
        group_time_ = time;
        group_view_ = decoded.first(same);
        tape_->skip_decoded(same);
        return true;
      }
    }
    replay::MarketEvent event;
    if (!tape_->next(event)) return false;
    next_event_ = event;
  }
  group_time_ = replay::time_on(*next_event_, clock_);
  group_.push_back(*next_event_);
  next_event_.reset();
  while (true) {
    // The run of the group the reader holds decoded, taken whole; the event after the group,
    // when decoded, stays in the reader for the next group. Only at the end of what the reader
    // holds does next() read on, exactly where event-by-event reading would.
    const std::span<const replay::MarketEvent> decoded = tape_->decoded();
    if (!decoded.empty()) {
      std::size_t same = 0;
      while (same < decoded.size() && replay::time_on(decoded[same], clock_) == group_time_) {
        ++same;
      }
      group_.insert(group_.end(), decoded.begin(),
                    decoded.begin() + static_cast<std::ptrdiff_t>(same));
      tape_->skip_decoded(same);
      if (same < decoded.size()) break;
      continue;
    }
    replay::MarketEvent event;
    if (!tape_->next(event)) break;
    if (replay::time_on(event, clock_) != group_time_) {
      next_event_ = event;
      break;
    }
    group_.push_back(event);
  }
  group_view_ = group_;
  return true;
}

}  // namespace lmsim::sim
