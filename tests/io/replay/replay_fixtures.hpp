#pragma once

#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "replay_files.hpp"
#include "sim/core/replay/bad_row.hpp"
#include "sim/core/replay/market_event_reader.hpp"
#include "sim/io/input_error.hpp"
#include "support/temp_dir.hpp"

namespace lmsim::test {

using sim::replay::MarketEvent;
using sim::replay::MarketEventReader;
using sim::replay::Ticks;

/// Every event a reader returns.
inline std::vector<MarketEvent> read_all(MarketEventReader& reader) {
  std::vector<MarketEvent> events;
  MarketEvent event;
  while (reader.next(event)) events.push_back(event);
  return events;
}

/// What a reader made of a whole file: its events and the bad rows it left out.
struct ReadResult {
  std::vector<MarketEvent> events;
  sim::replay::BadRowCounts counts;
};

/// Writes `text` as `name` into a fresh directory and reads it whole with Reader(path, options).
template <typename Reader, typename Options>
ReadResult read_text_as(const std::string& name, const std::string& text, const Options& options) {
  const TempDir dir;
  Reader reader(dir.write(name, text), options);
  ReadResult result;
  result.events = read_all(reader);
  result.counts = reader.bad_rows();
  return result;
}

/// The message of the InputError `action` throws, from the file name on (temporary directories
/// differ per run), or "(no error)".
inline std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const sim::io::InputError& error) {
    const std::string text = error.what();
    return text.substr(text.rfind('/', text.find(':')) + 1);
  }
  return "(no error)";
}

/// A full-depth book rebuilt from events the simple way (ordered maps), to check readers
/// against.
class ReferenceBook {
 public:
  void apply(const MarketEvent& event) {
    if (event.kind == MarketEvent::Kind::kClear) {
      bids_.clear();
      asks_.clear();
    } else if (event.kind == MarketEvent::Kind::kLevel) {
      auto& side = event.side == engine::Side::kBid ? bids_ : asks_;
      if (event.quantity == 0) {
        side.erase(event.price);
      } else {
        side[event.price] = event.quantity;
      }
    }
  }
  std::optional<Ticks> best_bid() const {
    return bids_.empty() ? std::nullopt : std::optional<Ticks>(bids_.rbegin()->first);
  }
  std::optional<Ticks> best_ask() const {
    return asks_.empty() ? std::nullopt : std::optional<Ticks>(asks_.begin()->first);
  }
  /// The best `n` levels of each side as (price, quantity), best first.
  std::pair<std::vector<std::pair<Ticks, std::int64_t>>,
            std::vector<std::pair<Ticks, std::int64_t>>>
  top(std::size_t n) const {
    std::vector<std::pair<Ticks, std::int64_t>> bids(bids_.rbegin(), bids_.rend());
    std::vector<std::pair<Ticks, std::int64_t>> asks(asks_.begin(), asks_.end());
    if (bids.size() > n) bids.resize(n);
    if (asks.size() > n) asks.resize(n);
    return {bids, asks};
  }
  std::size_t bid_levels() const { return bids_.size(); }
  std::size_t ask_levels() const { return asks_.size(); }

 private:
  std::map<Ticks, std::int64_t> bids_;
  std::map<Ticks, std::int64_t> asks_;
};

/// Best bid and ask after each update group (run of events with one time on `clock`).
struct TopOfBook {
  engine::Nanos time = 0;
  Ticks bid = 0;
  Ticks ask = 0;
};
inline std::vector<TopOfBook> tops_after_groups(const std::vector<MarketEvent>& events,
                                                sim::replay::EventClock clock) {
  std::vector<TopOfBook> tops;
  ReferenceBook book;
  for (std::size_t i = 0; i < events.size(); ++i) {
    book.apply(events[i]);
    const bool group_ends = i + 1 == events.size() || sim::replay::time_on(events[i + 1], clock) !=
                                                          sim::replay::time_on(events[i], clock);
    if (group_ends && book.best_bid() && book.best_ask())
      tops.push_back({sim::replay::time_on(events[i], clock), *book.best_bid(), *book.best_ask()});
  }
  return tops;
}

}  // namespace lmsim::test

namespace Catch {
template <>
struct StringMaker<lmsim::sim::replay::MarketEvent> {
  static std::string convert(const lmsim::sim::replay::MarketEvent& e) {
    static constexpr const char* kKinds[] = {"clear", "level", "trade"};
    return std::string("{") + kKinds[static_cast<int>(e.kind)] + " t=" + std::to_string(e.time) +
           " local=" + std::to_string(e.local_time) + " " +
           std::string(lmsim::engine::side_name(e.side)) + " " + std::to_string(e.price) + " x " +
           std::to_string(e.quantity) + "}";
  }
};
}  // namespace Catch
