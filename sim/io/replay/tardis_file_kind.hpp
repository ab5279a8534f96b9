#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lmsim::sim::replay {

/// The tardis.dev CSV data types lmsim reads, each with its reader.
enum class TardisFileKind : std::uint8_t {
  kIncrementalBookL2,  // TardisBookReader
  kBookSnapshot,       // TardisSnapshotReader (book_snapshot_5, book_snapshot_25, any N)
  kTrades,             // TardisTradeReader
};

/// tardis.dev's name of the data type: "incremental_book_L2", "book_snapshot_N", "trades".
std::string_view tardis_file_kind_name(TardisFileKind kind);

/// Which tardis.dev data type the file at `path` (plain or gzip) holds, told from its header row
/// rather than its name: a column `is_snapshot` is incremental_book_L2, `asks[0].price`
/// book_snapshot_N, `id` trades. Only the header is read; the reader of that type checks the
/// rest. Throws InputError when the file cannot be read, is empty, or its header has none of
/// those columns.
TardisFileKind detect_tardis_file_kind(const std::string& path);

}  // namespace lmsim::sim::replay
