#pragma once

#include <cstdint>
#include <vector>

#include "engine/time.hpp"

namespace lmsim::sim {

using engine::Nanos;

/// What happens at an instant, in the order events at the same instant are processed. This is
/// the simulator's fixed tie-break: the market moves first, then the background population, then
/// the miners, then the snapshot is taken and finally the market series is sampled — so a
/// snapshot at instant t sees every order placed at t.
enum class EventPhase : std::uint8_t {
  kMarket = 0,      ///< fundamental value updates
  kBackground = 1,  ///< background agents and taker flow
  kMiner = 2,       ///< miners (their delayed orders go live at their wakes)
  kSnapshot = 3,    ///< campaign snapshots
  kRecord = 4,      ///< market-series samples
};

/// A scheduled event: who acts, when, in which phase.
struct Event {
  Nanos time = 0;
  EventPhase phase = EventPhase::kMarket;
  std::uint32_t actor = 0;       ///< agent index, or a phase-specific id
  std::uint64_t sequence = 0;    ///< insertion order: the last tie-break
  std::uint32_t generation = 0;  ///< lets an actor supersede its own earlier wake-ups
};

/// A min-priority queue of events ordered by (time, phase, actor, sequence): a total order (the
/// sequence is unique), so the same schedule is always processed in the same order, whatever
/// the queue's internal layout.
///
/// A calendar queue: time is cut into buckets of about the simulation clock's step,
/// and only the current bucket's events are kept in a heap; an event for a later bucket is
/// appended, unsorted, to that bucket in a ring of kBuckets, or beyond the ring to an overflow
/// list. A day of ABIDES' population holds a thousand noise traders' wake-ups for hours: in one
/// heap they made every pop walk five levels of cold cache lines, while the current bucket holds
/// a handful of events. When the current bucket runs dry, the next non-empty one becomes the
/// heap. The overflow is rescanned whenever its earliest event comes within the ring, so the
/// ring is wide (8,192 buckets: 73 minutes at a 1 s clock) and few events wait beyond it — a
/// week's noise traders arriving every ten minutes made a 1,024-bucket ring rescan often enough
/// to cost more than it saved. Every event of the heap's bucket precedes every event of a later
/// bucket, so the order is exactly the heap's.
///
/// The heap is 4-ary: half the depth of a binary heap, and the four children of a node lie side
/// by side. An entry is 32 bytes: the phase and actor are packed into one rank word (phase in
/// the top bits), so the order is three integer words compared without branches (the outcome of
/// a time comparison is a coin flip to the branch predictor). A pop moves the hole left by the
/// root down to a leaf along the earliest children and only then sifts the last entry up from
/// there (Floyd's bottom-up deletion), which saves a comparison with it at every level. Push and
/// pop are inline: they run once per event of the simulation's loop.
class EventQueue {
 public:
  /// Buckets are the largest power of two of nanoseconds not above `step` (so a bucket is a shift
  /// away, not a division): a speed setting only, never a change to the order.
  explicit EventQueue(Nanos step = engine::kNanosPerSecond) : buckets_(kBuckets) {
    while (shift_ < 62 && (Nanos{2} << shift_) <= step) ++shift_;
  }

  void push(Nanos time, EventPhase phase, std::uint32_t actor, std::uint32_t generation = 0) {
    const Entry entry{time, (static_cast<std::uint64_t>(phase) << 32) | actor, sequence_++,
                      generation};
    ++size_;
    if (size_ == 1) {
      // The first event of an empty queue: its bucket becomes the current one.
      origin_ = time;
      current_ = 0;
    }
    place(entry);
  }
  bool empty() const { return size_ == 0; }
  /// The next event (the queue must not be empty).
  Event top() const { return heap_.front().event(); }
  /// The time of the next event (the queue must not be empty).
  Nanos top_time() const { return heap_.front().time; }
  /// Removes and returns the next event (the queue must not be empty).
  Event pop();
  std::size_t size() const { return size_; }

 private:
  struct Entry {
    Nanos time;
    std::uint64_t rank;  // phase << 32 | actor: ties on time broken by it
    std::uint64_t sequence;
    std::uint32_t generation;

    /// Strictly earlier in (time, rank, sequence) order. Bitwise operators, not && and ||,
    /// so that the compiler evaluates every word and selects without branching.
    bool before(const Entry& other) const {
      const bool rank_first =
          (rank < other.rank) | ((rank == other.rank) & (sequence < other.sequence));
      return (time < other.time) | ((time == other.time) & rank_first);
    }
    Event event() const {
      return Event{time, static_cast<EventPhase>(rank >> 32), static_cast<std::uint32_t>(rank),
                   sequence, generation};
    }
  };
  static constexpr std::size_t kArity = 4;
  static constexpr std::uint64_t kBuckets = 8192;  // a power of two: the ring's index is a mask

  /// The bucket of `time`, counted from origin_'s; times before origin_ count as bucket 0.
  std::uint64_t bucket_of(Nanos time) const {
    if (time <= origin_) return 0;
    return (static_cast<std::uint64_t>(time) - static_cast<std::uint64_t>(origin_)) >> shift_;
  }
  /// Files an entry (already counted in size_) where its bucket says.
  void place(const Entry& entry) {
    const std::uint64_t bucket = bucket_of(entry.time);
    if (bucket <= current_) {
      heap_push(entry);
    } else if (bucket - current_ < kBuckets) {
      buckets_[bucket & (kBuckets - 1)].push_back(entry);
      ++in_ring_;
    } else {
      overflow_.push_back(entry);
      if (bucket < overflow_first_) overflow_first_ = bucket;
    }
  }
  void heap_push(const Entry& entry) {
    heap_.emplace_back();
    sift_up(heap_.size() - 1, entry);
  }
  /// Moves parents down from `hole` until `entry`'s place is found, then writes it once.
  void sift_up(std::size_t hole, const Entry& entry) {
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!entry.before(heap_[parent])) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = entry;
  }
  /// With the heap empty and events left: makes the next non-empty bucket the heap.
  void advance();

  int shift_ = 0;                                     // a bucket is 2^shift_ ns
  Nanos origin_ = 0;                                  // the start of bucket 0
  std::uint64_t current_ = 0;                         // the heap's bucket
  std::vector<Entry> heap_;                           // the events of buckets up to current_
  std::vector<std::vector<Entry>> buckets_;           // ring: bucket b at b % kBuckets, unsorted
  std::size_t in_ring_ = 0;                           // events in buckets_
  std::vector<Entry> overflow_;                       // events kBuckets or more buckets ahead
  std::uint64_t overflow_first_ = ~std::uint64_t{0};  // the earliest bucket in overflow_
  std::vector<Entry> spare_;                          // scratch of advance
  std::size_t size_ = 0;
  std::uint64_t sequence_ = 0;
};

inline Event EventQueue::pop() {
  const Event top = heap_.front().event();
  const Entry last = heap_.back();
  heap_.pop_back();
  --size_;
  const std::size_t size = heap_.size();
  if (size == 0) {
    if (size_ > 0) advance();
    return top;
  }
  // Down to a leaf, moving the earliest child up into the hole at each level: a tournament of
  // the four children (two pairs, then their winners) when the node has all four.
  Entry* const heap = heap_.data();
  std::size_t hole = 0;
  for (;;) {
    const std::size_t first = hole * kArity + 1;
    std::size_t best = first;
    if (first + kArity <= size) {
      const std::size_t low = heap[first + 1].before(heap[first]) ? first + 1 : first;
      const std::size_t high = heap[first + 3].before(heap[first + 2]) ? first + 3 : first + 2;
      best = heap[high].before(heap[low]) ? high : low;
    } else {
      if (first >= size) break;
      for (std::size_t child = first + 1; child < size; ++child) {
        if (heap[child].before(heap[best])) best = child;
      }
    }
    heap[hole] = heap[best];
    hole = best;
  }
  sift_up(hole, last);
  return top;
}

inline void EventQueue::advance() {
  while (heap_.empty()) {
    // Nothing in the ring: jump to the overflow's first bucket rather than step through empty
    // ones.
    if (in_ring_ == 0) current_ = overflow_first_ - 1;
    ++current_;
    if (!overflow_.empty() && overflow_first_ - current_ < kBuckets) {
      // The ring has reached the overflow: file what now falls within it.
      spare_.clear();
      spare_.swap(overflow_);
      overflow_first_ = ~std::uint64_t{0};
      for (const Entry& entry : spare_) place(entry);
    }
    std::vector<Entry>& bucket = buckets_[current_ & (kBuckets - 1)];
    in_ring_ -= bucket.size();
    for (const Entry& entry : bucket) heap_push(entry);
    bucket.clear();
  }
}

}  // namespace lmsim::sim
