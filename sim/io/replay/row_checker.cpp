#include "sim/io/replay/row_checker.hpp"

#include "sim/io/value_parse.hpp"

namespace lmsim::sim::replay {

bool RowChecker::reject(BadRowKind kind, std::size_t index, std::string_view column,
                        const std::string& problem) {
  return reject_at(kind, stream_.location(index, column), problem, 1);
}

bool RowChecker::reject_row(BadRowKind kind, const std::string& problem) {
  return reject_at(kind, stream_.row_location(), problem, 1);
}

bool RowChecker::reject_at(BadRowKind kind, io::InputLocation location, const std::string& problem,
                           std::int64_t rows) {
  if (policy_ == OnBadRow::kError) throw io::InputError(std::move(location), problem);
  ++counts_[kind];
  counts_.dropped_rows += rows;
  return false;
}

bool RowChecker::width(std::size_t expected, std::string_view what) {
  if (const io::InputError* error = stream_.row_error()) {
    return reject_at(BadRowKind::kUnparsable, error->location(), error->problem(), 1);
  }
  if (stream_.field_count() == expected) return true;
  return reject_row(BadRowKind::kUnparsable, "expected " + std::to_string(expected) + " fields" +
                                                 std::string(what) + " (got " +
                                                 std::to_string(stream_.field_count()) + ")");
}

bool RowChecker::micros(std::size_t index, std::string_view column, engine::Nanos& out) {
  const std::string_view text = stream_.field(index);
  // Rows of one update group repeat their times: compare the text instead of parsing it again.
  TimeCache& cache = time_cache_[index % kTimeCacheSlots];
  if (cache.index == index && text == cache.text) {
    out = cache.value;
    return true;
  }
  const auto value = io::parse_integer(text);
  if (!value || *value < 0 || text.front() == '-' ||
      __builtin_mul_overflow(*value, engine::kNanosPerMicrosecond, &out)) {
    return reject(
        BadRowKind::kUnparsable, index, column,
        "expected integer microseconds since the Unix epoch (got " + io::quoted(text) + ")");
  }
  cache.index = index;
  cache.text.assign(text);
  cache.value = out;
  return true;
}

bool RowChecker::in_order(engine::Nanos time, engine::Nanos previous, std::size_t index,
                          std::string_view column) {
  if (time >= previous) return true;
  return reject(BadRowKind::kNonMonotonicTime, index, column,
                engine::format_timestamp(time) + " is earlier than the previous row's " +
                    engine::format_timestamp(previous) + " (rows must be in time order)");
}

bool RowChecker::price(std::size_t index, std::string_view column, const DecimalStep& tick,
                       Ticks& out, int scale_exponent) {
  return steps(index, column, tick, "tick_size", scale_exponent, BadRowKind::kNonPositivePrice,
               false, out);
}

bool RowChecker::quantity(std::size_t index, std::string_view column, const DecimalStep& lot,
                          Lots& out) {
  return steps(index, column, lot, "lot_size", 0, BadRowKind::kNegativeSize, true, out);
}

bool RowChecker::trade_quantity(std::size_t index, std::string_view column, const DecimalStep& lot,
                                Lots& out) {
  return steps(index, column, lot, "lot_size", 0, BadRowKind::kNonPositiveTrade, false, out);
}

bool RowChecker::steps(std::size_t index, std::string_view column, const DecimalStep& step,
                       std::string_view step_name, int scale_exponent, BadRowKind sign_kind,
                       bool allow_zero, std::int64_t& out) {
  const std::string_view text = stream_.field(index);
  // Nearly every recorded value is plain digits on the grid: one pass, no general parse.
  if (const auto fast = step.count_plain(text, scale_exponent); fast && (allow_zero || *fast > 0)) {
    out = *fast;
    return true;
  }
  auto value = parse_decimal(text);
  if (!value) {
    return reject(
        BadRowKind::kUnparsable, index, column,
        std::string(allow_zero ? "expected a non-negative number" : "expected a positive number") +
            " (got " + io::quoted(text) + ")");
  }
  if (value->mantissa < 0 || (!allow_zero && value->mantissa == 0)) {
    return reject(sign_kind, index, column,
                  std::string(allow_zero ? "must be >= 0" : "must be > 0") + " (got " +
                      std::string(text) + ")");
  }
  value->exponent += scale_exponent;
  const DecimalStep::Count count = step.count(*value);
  if (count.status == DecimalStep::Count::Status::kWhole) {
    out = count.steps;
    return true;
  }
  std::string size_text = step.text();
  if (scale_exponent != 0) {
    // Name the step in the file's own units too: tick 0.01 is 100 in USD × 10^4.
    const auto in_file_units =
        DecimalStep::from_text(size_text + "e" + std::to_string(-scale_exponent));
    if (in_file_units) size_text += ", which is " + in_file_units->text() + " in this file's units";
  }
  const bool is_price = step_name == "tick_size";
  if (count.status == DecimalStep::Count::Status::kOutOfRange) {
    return reject(BadRowKind::kUnparsable, index, column,
                  std::string(text) + " is out of range (more than 2^63 " +
                      (is_price ? "ticks" : "lots") + " of " + size_text + ")");
  }
  return reject(is_price ? BadRowKind::kOffTick : BadRowKind::kOffLot, index, column,
                std::string(text) + " is not a whole number of " + (is_price ? "ticks" : "lots") +
                    " (" + std::string(step_name) + " " + size_text + ")");
}

}  // namespace lmsim::sim::replay
