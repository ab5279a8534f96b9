#pragma once

#include <cstdint>
#include <string_view>

namespace lmsim::engine {

/// The side of the book an order rests on. Stored as one byte because it is a column of every
/// order table; the numeric values index per-side arrays (`kBid` = 0, `kAsk` = 1).
enum class Side : std::uint8_t { kBid = 0, kAsk = 1 };

inline constexpr int kSideCount = 2;

constexpr int side_index(Side side) {
  return static_cast<int>(side);
}

constexpr std::string_view side_name(Side side) {
  return side == Side::kBid ? "bid" : "ask";
}

}  // namespace lmsim::engine
