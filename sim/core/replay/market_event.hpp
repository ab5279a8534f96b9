#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/side.hpp"
#include "engine/time.hpp"

namespace lmsim::sim::replay {

/// A price in whole ticks of the market's tick size (61837.63 USDT at tick 0.01 is 6183763).
using Ticks = std::int64_t;
/// A quantity in whole lots of the market's lot size (0.5 BTC at lot 1e-8 is 50000000).
using Lots = std::int64_t;

/// One change of a recorded market, normalised from whatever source it was read from. Readers
/// return a stream of these in time order; applying the stream in order rebuilds the book as the
/// source recorded it.
///
/// - `kClear`: the book is reset; the levels of a snapshot follow with the same time. `side`,
///   `price` and `quantity` are kBid/0/0.
/// - `kLevel`: the absolute resting quantity at (`side`, `price`) is now `quantity`; 0 removes
///   the level. Events with one time form an update group: the book is only guaranteed
///   uncrossed once the whole group has been applied.
/// - `kTrade`: `quantity` traded at `price`; `side` is the aggressor's (kBid = buyer-initiated,
///   it lifted an ask; kAsk = seller-initiated, it hit a bid).
struct MarketEvent {
  enum class Kind : std::uint8_t { kClear, kLevel, kTrade };

  engine::Nanos time = 0;        // exchange time, ns since the Unix epoch (UTC)
  engine::Nanos local_time = 0;  // receive time when the source has one, else == time
  Kind kind = Kind::kLevel;
  engine::Side side = engine::Side::kBid;
  Ticks price = 0;
  Lots quantity = 0;

  bool operator==(const MarketEvent&) const = default;
};

/// Which of an event's two times orders a stream. A stream is ordered and checked by one clock
/// only: the recorder's clock can run seconds away from the exchange's (1.27 s behind in the
/// Binance sample), so mixing the two would reorder events that happened in sequence.
enum class EventClock : std::uint8_t {
  kExchange,  // MarketEvent::time: replay as the exchange sequenced events
  kLocal,     // MarketEvent::local_time: replay in the order the recorder received them
};

/// The name of a clock in files and messages: "exchange" or "local".
constexpr std::string_view event_clock_name(EventClock clock) {
  return clock == EventClock::kExchange ? "exchange" : "local";
}

/// The clock named `name` ("exchange" or "local"), or nullopt.
constexpr std::optional<EventClock> parse_event_clock(std::string_view name) {
  if (name == "exchange") return EventClock::kExchange;
  if (name == "local") return EventClock::kLocal;
  return std::nullopt;
}

/// The time of `event` on `clock`.
constexpr engine::Nanos time_on(const MarketEvent& event, EventClock clock) {
  return clock == EventClock::kExchange ? event.time : event.local_time;
}

}  // namespace lmsim::sim::replay
