#pragma once

#include <zlib.h>

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/input_error.hpp"
#include "sim/replay/market_event_reader.hpp"
#include "support/temp_dir.hpp"

namespace lmsim::test {

using sim::replay::MarketEvent;
using sim::replay::MarketEventReader;
using sim::replay::Ticks;

/// A file of the replay excerpts (tests/data/replay/).
inline std::string replay_data(const std::string& name) {
  return std::string(LMSIM_SOURCE_DIR) + "/tests/data/replay/" + name;
}

/// Every event a reader returns.
inline std::vector<MarketEvent> read_all(MarketEventReader& reader) {
  std::vector<MarketEvent> events;
  MarketEvent event;
  while (reader.next(event)) events.push_back(event);
  return events;
}

/// The message of the InputError `action` throws, from the file name on (temporary directories
/// differ per run), or "(no error)".
inline std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const sim::InputError& error) {
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

/// Writes `from` gzip-compressed (or, with `compress` false, decompressed) to `to`.
inline void copy_gzip(const std::string& from, const std::string& to, bool compress) {
  gzFile in = gzopen(from.c_str(), "rb");
  gzFile out = gzopen(to.c_str(), compress ? "wb9" : "wbT");
  if (in == nullptr || out == nullptr) throw std::runtime_error("copy_gzip: cannot open");
  char buffer[65536];
  int got = 0;
  while ((got = gzread(in, buffer, sizeof buffer)) > 0) gzwrite(out, buffer, static_cast<unsigned>(got));
  gzclose(in);
  gzclose(out);
}

}  // namespace lmsim::test
