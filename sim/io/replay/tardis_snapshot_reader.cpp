#include "sim/io/replay/tardis_snapshot_reader.hpp"

namespace lmsim::sim::replay {

using engine::Nanos;

namespace {

constexpr std::size_t kFixedColumns = 4;  // exchange, symbol, timestamp, local_timestamp

std::string expected_header(std::size_t levels) {
  std::string text = "exchange,symbol,timestamp,local_timestamp";
  for (std::size_t k = 0; k < std::min<std::size_t>(levels, 2); ++k) {
    const std::string n = std::to_string(k);
    text += ",asks[" + n + "].price,asks[" + n + "].amount,bids[" + n + "].price,bids[" + n +
            "].amount";
  }
  return text + ",...";
}

}  // namespace

TardisSnapshotReader::TardisSnapshotReader(std::string path, const TardisOptions& options)
    : stream_(std::move(path)),
      checker_(stream_, options.on_bad_row, counts_),
      steps_(market_steps(options.units)),
      clock_(options.clock),
      groups_(checker_, queue_, steps_.tick) {
  if (!stream_.next_row()) {
    throw io::InputError({stream_.path(), 0, 0, ""},
                         "empty file (expected a header row: " + expected_header(1) + ")");
  }
  if (const io::InputError* error = stream_.row_error()) throw *error;
  const std::size_t count = stream_.field_count();
  if (count < kFixedColumns + 4 || (count - kFixedColumns) % 4 != 0) {
    throw io::InputError(stream_.row_location(),
                         "expected a book_snapshot header with 4 + 4×N columns (" +
                             expected_header(2) + "; got " + std::to_string(count) + " columns)");
  }
  levels_ = (count - kFixedColumns) / 4;
  column_names_.assign(TardisRowStart::kColumnNames.begin(), TardisRowStart::kColumnNames.end());
  for (std::size_t k = 0; k < levels_; ++k) {
    const std::string n = std::to_string(k);
    for (const char* side : {"asks", "bids"}) {
      column_names_.push_back(std::string(side) + "[" + n + "].price");
      column_names_.push_back(std::string(side) + "[" + n + "].amount");
    }
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (stream_.field(i) != column_names_[i]) {
      throw io::InputError(stream_.location(i, ""), "expected column " +
                                                        io::quoted(column_names_[i]) + " (got " +
                                                        io::quoted(stream_.field(i)) + "; header " +
                                                        expected_header(2) + ")");
    }
  }
  row_.bids.reserve(levels_);
  row_.asks.reserve(levels_);
}

bool TardisSnapshotReader::parse_side(std::size_t first_field, std::vector<PriceLevel>& out,
                                      bool is_bid) {
  out.clear();
  bool ended = false;
  for (std::size_t k = 0; k < levels_; ++k) {
    const std::size_t price_field = first_field + 4 * k;
    const std::size_t amount_field = price_field + 1;
    const std::string_view price_name = column_names_[price_field];
    const std::string_view amount_name = column_names_[amount_field];
    const bool price_empty = stream_.field(price_field).empty();
    const bool amount_empty = stream_.field(amount_field).empty();
    if (price_empty && amount_empty) {
      ended = true;
      continue;
    }
    if (price_empty || amount_empty) {
      const std::size_t empty = price_empty ? price_field : amount_field;
      return checker_.reject(BadRowKind::kUnparsable, empty, column_names_[empty],
                             "empty, but its level's " +
                                 std::string(price_empty ? "amount" : "price") +
                                 " is not (a missing level leaves both empty)");
    }
    if (ended) {
      return checker_.reject(BadRowKind::kUnsortedLevels, price_field, price_name,
                             "a level after an empty one (levels are filled best first)");
    }
    PriceLevel level;
    if (!checker_.price(price_field, price_name, steps_.tick, level.price) ||
        !checker_.quantity(amount_field, amount_name, steps_.lot, level.quantity)) {
      return false;
    }
    if (level.quantity == 0) {
      return checker_.reject(BadRowKind::kNegativeSize, amount_field, amount_name,
                             "must be > 0 at an occupied level (got " +
                                 std::string(stream_.field(amount_field)) + ")");
    }
    if (!out.empty() &&
        (is_bid ? level.price >= out.back().price : level.price <= out.back().price)) {
      return checker_.reject(BadRowKind::kUnsortedLevels, price_field, price_name,
                             std::string(is_bid ? "bids" : "asks") + " must be strictly " +
                                 (is_bid ? "decreasing" : "increasing") +
                                 " from best to worst (got " +
                                 std::string(stream_.field(price_field)) + " after " +
                                 steps_.tick.format(out.back().price) + ")");
    }
    out.push_back(level);
  }
  return true;
}

bool TardisSnapshotReader::parse_row(Nanos& time, Nanos& local_time) {
  if (!checker_.width(column_names_.size(), " as in the header")) return false;
  return row_start_.parse(checker_, time, local_time) &&
         parse_side(kFixedColumns, row_.asks, false) &&
         parse_side(kFixedColumns + 2, row_.bids, true);
}

bool TardisSnapshotReader::next(MarketEvent& event) {
  if (queue_.pop(event)) return true;
  while (!ended_ && queue_.empty()) {
    if (!stream_.next_row()) {
      if (groups_.is_open()) groups_.close();
      ended_ = true;
      break;
    }
    Nanos time = 0;
    Nanos local_time = 0;
    if (!parse_row(time, local_time) ||
        !row_start_.accept_in_order(checker_, clock_, time, local_time)) {
      continue;
    }
    const Nanos key = clock_ == EventClock::kExchange ? time : local_time;
    if (groups_.is_open() && !groups_.continues(key)) groups_.close();
    if (!groups_.is_open()) groups_.open(key);
    groups_.add_row(time, local_time, nullptr, row_, stream_.line());
  }
  return queue_.pop(event);
}

}  // namespace lmsim::sim::replay
