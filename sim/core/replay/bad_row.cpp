#include "sim/core/replay/bad_row.hpp"

namespace lmsim::sim::replay {

std::string_view bad_row_kind_name(BadRowKind kind) {
  switch (kind) {
    case BadRowKind::kUnparsable:
      return "unparsable";
    case BadRowKind::kNonMonotonicTime:
      return "non_monotonic_time";
    case BadRowKind::kNegativeSize:
      return "negative_size";
    case BadRowKind::kNonPositivePrice:
      return "non_positive_price";
    case BadRowKind::kNonPositiveTrade:
      return "non_positive_trade";
    case BadRowKind::kOffTick:
      return "off_tick";
    case BadRowKind::kOffLot:
      return "off_lot";
    case BadRowKind::kUnsortedLevels:
      return "unsorted_levels";
    case BadRowKind::kCrossedBook:
      return "crossed_book";
    case BadRowKind::kUnknownAggressor:
      return "unknown_aggressor";
  }
  return "unknown";
}

std::int64_t& BadRowCounts::operator[](BadRowKind kind) {
  switch (kind) {
    case BadRowKind::kUnparsable:
      return unparsable;
    case BadRowKind::kNonMonotonicTime:
      return non_monotonic_time;
    case BadRowKind::kNegativeSize:
      return negative_size;
    case BadRowKind::kNonPositivePrice:
      return non_positive_price;
    case BadRowKind::kNonPositiveTrade:
      return non_positive_trade;
    case BadRowKind::kOffTick:
      return off_tick;
    case BadRowKind::kOffLot:
      return off_lot;
    case BadRowKind::kUnsortedLevels:
      return unsorted_levels;
    case BadRowKind::kCrossedBook:
      return crossed_book;
    case BadRowKind::kUnknownAggressor:
      return unknown_aggressor;
  }
  return unparsable;
}

std::int64_t BadRowCounts::operator[](BadRowKind kind) const {
  return const_cast<BadRowCounts&>(*this)[kind];
}

std::int64_t BadRowCounts::problems() const {
  std::int64_t total = 0;
  for (const BadRowKind kind : kAllBadRowKinds) total += (*this)[kind];
  return total;
}

BadRowCounts& BadRowCounts::operator+=(const BadRowCounts& other) {
  for (const BadRowKind kind : kAllBadRowKinds) (*this)[kind] += other[kind];
  dropped_rows += other.dropped_rows;
  return *this;
}

}  // namespace lmsim::sim::replay
