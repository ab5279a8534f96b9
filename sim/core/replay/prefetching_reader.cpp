#include "sim/core/replay/prefetching_reader.hpp"

#include <algorithm>
#include <stdexcept>

namespace lmsim::sim::replay {

PrefetchingReader::PrefetchingReader(std::unique_ptr<MarketEventReader> source,
                                     std::size_t batch_events, std::size_t slots)
    : source_(std::move(source)), batch_events_(batch_events) {
  if (!source_ || batch_events == 0 || slots < 2) {
    throw std::invalid_argument(
        "PrefetchingReader: needs a source, batches of at least one event and two slots");
  }
  clock_ = source_->clock();
  counts_before_current_ = source_->bad_rows();
  last_counts_ = counts_before_current_;
  batches_.resize(slots);
  thread_ = std::thread([this] { read_ahead(); });
}

PrefetchingReader::~PrefetchingReader() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void PrefetchingReader::read_ahead() {
  std::uint64_t first = 0;  // the stream index of the next batch's first event
  for (std::size_t index = 0;; ++index) {
    {
      std::unique_lock lock(mutex_);
      // Batch `index` goes where batch index − slots was: free once the replay is done with it.
      changed_.wait(lock, [&] { return stopping_ || index < taken_ + batches_.size(); });
      if (stopping_) return;
    }
    Batch& batch = batches_[index % batches_.size()];
    fill(batch, first);
    first += batch.events.size();
    const bool last = batch.exhausted || batch.error;
    {
      const std::lock_guard lock(mutex_);
      ++filled_;
    }
    changed_.notify_all();
    if (last) return;
  }
}

void PrefetchingReader::fill(Batch& batch, std::uint64_t first) {
  batch.events.resize(batch_events_);
  batch.counts.clear();
  batch.exhausted = false;
  batch.error = nullptr;
  // The counts as of the event before this batch.
  BadRowCounts last = last_counts_;
  std::size_t filled = 0;
  try {
    while (filled < batch_events_) {
      const std::span<const MarketEvent> run = source_->decoded();
      if (!run.empty()) {
        const std::size_t count = std::min(run.size(), batch_events_ - filled);
        std::copy_n(run.begin(), count, batch.events.begin() + static_cast<std::ptrdiff_t>(filled));
        source_->skip_decoded(count);
        filled += count;
      } else if (source_->next(batch.events[filled])) {
        ++filled;
      } else {
        batch.exhausted = true;
        batch.final_counts = source_->bad_rows();
        break;
      }
      const BadRowCounts now = source_->bad_rows();
      if (!(now == last)) {
        batch.counts.emplace_back(first + filled - 1, now);
        last = now;
      }
    }
  } catch (...) {
    batch.error = std::current_exception();
  }
  last_counts_ = last;
  batch.events.resize(filled);
}

void PrefetchingReader::advance() {
  std::unique_lock lock(mutex_);
  if (current_ != nullptr) {
    ++taken_;  // done with the current batch: its slot may be filled again
    changed_.notify_all();
  }
  changed_.wait(lock, [&] { return filled_ > started_; });
  current_ = &batches_[started_ % batches_.size()];
  ++started_;
  position_ = 0;
}

bool PrefetchingReader::next(MarketEvent& event) {
  while (true) {
    if (current_ != nullptr && position_ < current_->events.size()) {
      event = current_->events[position_++];
      ++consumed_;
      return true;
    }
    if (at_end_) return false;
    if (current_ != nullptr) {
      if (current_->error) {
        at_end_ = true;
        std::rethrow_exception(current_->error);
      }
      if (current_->exhausted) {
        at_end_ = true;
        return false;
      }
      if (!current_->counts.empty()) counts_before_current_ = current_->counts.back().second;
    }
    advance();
  }
}

std::span<const MarketEvent> PrefetchingReader::decoded() const {
  if (current_ == nullptr) return {};
  return std::span<const MarketEvent>(current_->events).subspan(position_);
}

void PrefetchingReader::skip_decoded(std::size_t count) {
  position_ += count;
  consumed_ += count;
}

BadRowCounts PrefetchingReader::bad_rows() const {
  if (current_ == nullptr) return counts_before_current_;
  if (at_end_ && current_->exhausted) return current_->final_counts;
  BadRowCounts counts = counts_before_current_;
  for (const auto& [index, changed] : current_->counts) {
    if (index >= consumed_) break;
    counts = changed;
  }
  return counts;
}

}  // namespace lmsim::sim::replay
