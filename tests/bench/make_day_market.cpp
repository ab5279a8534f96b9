// Writes a long market file for the end-to-end replay benchmark: a recorded market file (which
// starts with a book snapshot, as every lmsim conversion of tardis.dev or LOBSTER data does)
// repeated back to back, each copy shifted in time by the length of the recording plus one
// second, until the file holds at least the requested number of events. The Binance BTC-USDT
// excerpt (10.5 minutes, 320 k events) repeated 140 times is a day of ≈ 44.8 M events, about a
// full day of that market.
//
// usage: make_day_market INPUT.h5 OUTPUT.h5 [EVENTS=40000000]
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "sim/io/replay/hdf5_market_reader.hpp"
#include "sim/io/replay/market_file_writer.hpp"

int main(int argc, char** argv) {
  using namespace lmsim::sim::replay;
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: make_day_market INPUT.h5 OUTPUT.h5 [EVENTS=40000000]\n");
    return 2;
  }
  std::uint64_t target = 40'000'000;
  if (argc == 4) {
    const char* end = argv[3] + std::strlen(argv[3]);
    if (std::from_chars(argv[3], end, target).ptr != end || target == 0) {
      std::fprintf(stderr, "make_day_market: EVENTS must be a positive integer\n");
      return 2;
    }
  }
  Hdf5MarketReader reader(argv[1]);
  std::vector<MarketEvent> events(reader.info().events.total());
  events.resize(reader.next_batch(events));
  if (events.empty() || events.front().kind != MarketEvent::Kind::kClear) {
    std::fprintf(stderr, "make_day_market: %s must start with a book snapshot\n", argv[1]);
    return 2;
  }
  const lmsim::engine::Nanos period =
      events.back().time - events.front().time + lmsim::engine::kNanosPerSecond;
  MarketFileWriter writer(argv[2], reader.info().clock);
  std::uint64_t written = 0;
  std::vector<MarketEvent> copy(events.size());
  for (lmsim::engine::Nanos shift = 0; written < target; shift += period) {
    for (std::size_t i = 0; i < events.size(); ++i) {
      copy[i] = events[i];
      copy[i].time += shift;
      copy[i].local_time += shift;
    }
    writer.append(copy);
    written += copy.size();
  }
  MarketFileInfo info = reader.info();
  info.inputs.clear();
  writer.finish(info);
  std::printf(
      "%s: %llu events, %.1f hours\n", argv[2], static_cast<unsigned long long>(written),
      static_cast<double>(written / events.size() * static_cast<std::uint64_t>(period)) / 3.6e12);
  return 0;
}
