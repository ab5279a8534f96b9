#include "sim/io/replay/tardis_row_start.hpp"

namespace lmsim::sim::replay {

namespace {

enum Column : std::size_t { kExchange, kSymbol, kTimestamp, kLocalTimestamp };

}  // namespace

TardisRowStart::TardisRowStart(const io::CsvColumns& header) {
  for (std::size_t i = 0; i < columns_.size(); ++i) columns_[i] = *header.find(kColumnNames[i]);
}

bool TardisRowStart::same_as_first(RowChecker& checker, std::size_t column,
                                   const std::string& first) const {
  const std::string_view value = checker.stream().field(columns_[column]);
  if (value == first) return true;
  return checker.reject(BadRowKind::kUnparsable, columns_[column], kColumnNames[column],
                        "expected " + io::quoted(first) +
                            " as in the first row (one market per file; got " + io::quoted(value) +
                            ")");
}

bool TardisRowStart::parse(RowChecker& checker, engine::Nanos& time, engine::Nanos& local_time) {
  if (!have_first_) {
    first_exchange_.assign(checker.stream().field(columns_[kExchange]));
    first_symbol_.assign(checker.stream().field(columns_[kSymbol]));
    have_first_ = true;
  } else if (!same_as_first(checker, kExchange, first_exchange_) ||
             !same_as_first(checker, kSymbol, first_symbol_)) {
    return false;
  }
  return checker.micros(columns_[kTimestamp], kColumnNames[kTimestamp], time) &&
         checker.micros(columns_[kLocalTimestamp], kColumnNames[kLocalTimestamp], local_time);
}

bool TardisRowStart::accept_in_order(RowChecker& checker, EventClock clock, engine::Nanos time,
                                     engine::Nanos local_time) {
  const Column column = clock == EventClock::kExchange ? kTimestamp : kLocalTimestamp;
  const engine::Nanos key = column == kTimestamp ? time : local_time;
  if (!checker.in_order(key, last_key_, columns_[column], kColumnNames[column])) return false;
  last_key_ = key;
  return true;
}

}  // namespace lmsim::sim::replay
