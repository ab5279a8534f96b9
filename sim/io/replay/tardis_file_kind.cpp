#include "sim/io/replay/tardis_file_kind.hpp"

#include "sim/io/input_error.hpp"
#include "sim/io/replay/csv_stream.hpp"

namespace lmsim::sim::replay {

namespace {

// Only the header is needed: no point inflating a whole megabyte of a gzip file for it.
constexpr std::size_t kHeaderBufferBytes = 64 * 1024;

}  // namespace

std::string_view tardis_file_kind_name(TardisFileKind kind) {
  switch (kind) {
    case TardisFileKind::kIncrementalBookL2:
      return "incremental_book_L2";
    case TardisFileKind::kBookSnapshot:
      return "book_snapshot_N";
    case TardisFileKind::kTrades:
      return "trades";
  }
  return "unknown";
}

TardisFileKind detect_tardis_file_kind(const std::string& path) {
  CsvStream stream(path, kHeaderBufferBytes);
  if (!stream.next_row()) {
    throw io::InputError({path, 0, 0, ""},
                         "empty file (expected a tardis.dev CSV file with a header row)");
  }
  if (const io::InputError* error = stream.row_error()) throw *error;
  bool is_snapshot = false, asks = false, id = false;
  for (std::size_t i = 0; i < stream.field_count(); ++i) {
    const std::string_view column = stream.field(i);
    is_snapshot = is_snapshot || column == "is_snapshot";
    asks = asks || column == "asks[0].price";
    id = id || column == "id";
  }
  if (is_snapshot) return TardisFileKind::kIncrementalBookL2;
  if (asks) return TardisFileKind::kBookSnapshot;
  if (id) return TardisFileKind::kTrades;
  throw io::InputError({path, stream.line(), 0, ""},
                       "not a tardis.dev incremental_book_L2, book_snapshot_N or trades file: the "
                       "header has none of the columns is_snapshot, asks[0].price, id");
}

}  // namespace lmsim::sim::replay
