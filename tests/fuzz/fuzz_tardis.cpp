// The tardis.dev readers on an arbitrary CSV file (incremental_book_L2, book_snapshot_N or
// trades, told from its header, as lmsim convert does); the first byte chooses the bad-row policy
// and the clock. Every event is read.
#include <string>

#include "fuzz_support.hpp"
#include "sim/io/replay/market_conversion.hpp"

using namespace lmsim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string path = fuzz::scratch_file(
      "tardis.csv", std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  sim::replay::ConversionOptions options;
  options.format = sim::replay::RecordedFormat::kTardis;
  options.inputs = {path};
  options.units = sim::replay::MarketUnits{0.01, 1e-8};
  options.on_bad_row =
      (data[0] & 1) != 0 ? sim::replay::OnBadRow::kSkip : sim::replay::OnBadRow::kError;
  options.clock =
      (data[0] & 2) != 0 ? sim::replay::EventClock::kLocal : sim::replay::EventClock::kExchange;
  fuzz::expecting_input_errors([&] {
    sim::replay::RecordedSource source = sim::replay::open_recorded_source(options);
    std::vector<sim::replay::MarketEvent> events(256);
    while (source.next_batch(events) > 0) {
    }
    source.check_one_market();
  });
  return 0;
}
