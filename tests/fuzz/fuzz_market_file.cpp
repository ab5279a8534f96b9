// The market-file reader on market files with arbitrary content: the input chooses every
// attribute (present or not, of which type, which value) and every column (length, type,
// values), lmsim's HDF5 writer writes the file, and Hdf5MarketReader opens it and reads every
// event. What is fuzzed is the reader's own checking of a file's content; the bytes of the HDF5
// format itself are HDF5's to parse (libhdf5 is not built with the sanitizers, and version 1.10
// is known to crash on some corrupt files: docs/reliability.md).
#include <fuzzer/FuzzedDataProvider.h>

#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "sim/io/hdf5_file.hpp"
#include "sim/io/replay/hdf5_market_reader.hpp"
#include "sim/io/replay/market_file.hpp"

using namespace lmsim;

namespace {

// A string attribute: usually one of the meaningful values, sometimes anything.
std::string text(FuzzedDataProvider& input, std::initializer_list<const char*> meaningful) {
  const std::vector<const char*> values(meaningful);
  if (input.ConsumeBool()) return input.ConsumeRandomLengthString(24);
  return values[input.ConsumeIntegralInRange<std::size_t>(0, values.size() - 1)];
}

template <typename T>
std::vector<T> column(FuzzedDataProvider& input, std::size_t length) {
  std::vector<T> values(length);
  for (T& value : values) value = input.ConsumeIntegral<T>();
  return values;
}

// An attribute of one of the types a reader may meet, or none.
void attribute(FuzzedDataProvider& input, sim::io::Hdf5Writer& file, const char* name,
               std::int64_t usual) {
  switch (input.ConsumeIntegralInRange(0, 5)) {
    case 0:
      return;  // missing
    case 1:
      file.set_attribute("/", name, input.ConsumeIntegral<std::int64_t>());
      return;
    case 2:
      file.set_attribute("/", name, input.ConsumeFloatingPoint<double>());
      return;
    case 3:
      file.set_attribute("/", name, input.ConsumeRandomLengthString(8));
      return;
    default:
      file.set_attribute("/", name, usual);
  }
}

void number_attribute(FuzzedDataProvider& input, sim::io::Hdf5Writer& file, const char* name,
                      double usual) {
  switch (input.ConsumeIntegralInRange(0, 4)) {
    case 0:
      return;
    case 1:
      file.set_attribute("/", name, input.ConsumeFloatingPoint<double>());
      return;
    case 2:
      file.set_attribute("/", name, input.ConsumeIntegral<std::int64_t>());
      return;
    default:
      file.set_attribute("/", name, usual);
  }
}

void write_market_file(FuzzedDataProvider& input, const std::string& path) {
  sim::io::Hdf5Writer file(path);
  const std::size_t events = input.ConsumeIntegralInRange<std::size_t>(0, 64);
  const auto length = [&] {
    return input.ConsumeBool() ? events : input.ConsumeIntegralInRange<std::size_t>(0, 64);
  };
  // Columns: usually of the right type and length, sometimes not; values anything.
  const auto int64_column = [&](std::string_view name) {
    if (input.ConsumeIntegralInRange(0, 9) == 0) return;  // missing
    if (input.ConsumeIntegralInRange(0, 9) == 0) {
      file.write(name, column<std::uint32_t>(input, length()), "1");
    } else {
      file.write(
          name, column<std::int64_t>(input, length()), "1",
          input.ConsumeBool() ? sim::io::Hdf5Compression{} : sim::io::Hdf5Compression::none());
    }
  };
  const auto uint8_column = [&](std::string_view name, std::uint8_t limit) {
    if (input.ConsumeIntegralInRange(0, 9) == 0) return;
    std::vector<std::uint8_t> values(length());
    for (std::uint8_t& value : values) {
      value = input.ConsumeBool() ? input.ConsumeIntegralInRange<std::uint8_t>(0, limit)
                                  : input.ConsumeIntegral<std::uint8_t>();
    }
    file.write(name, values, "1");
  };
  int64_column(sim::replay::kMarketTimeDataset);
  int64_column(sim::replay::kMarketLocalTimeDataset);
  uint8_column(sim::replay::kMarketKindDataset, 2);
  uint8_column(sim::replay::kMarketSideDataset, 1);
  int64_column(sim::replay::kMarketPriceDataset);
  int64_column(sim::replay::kMarketQuantityDataset);
  file.set_attribute("/", "format", text(input, {"lmsim-market", "lmsim"}));
  attribute(input, file, "format_version", sim::replay::kMarketFileFormatVersion);
  file.set_attribute("/", "lmsim_version", text(input, {"0.1.0"}));
  file.set_attribute("/", "source_format", text(input, {"tardis", "lobster"}));
  file.set_attribute("/", "exchange", text(input, {"binance", ""}));
  file.set_attribute("/", "symbol", text(input, {"BTCUSDT", ""}));
  file.set_attribute("/", "clock", text(input, {"exchange", "local"}));
  number_attribute(input, file, "tick_size", 0.01);
  number_attribute(input, file, "lot_size", 1e-8);
  file.set_attribute("/", "inputs", text(input, {"a.csv.gz 0123456789abcdef", ""}));
  attribute(input, file, "events", static_cast<std::int64_t>(events));
  for (const char* count : {"clear_events", "level_events", "trade_events", "first_time",
                            "last_time", "local_time_is_time", "dropped_rows"}) {
    attribute(input, file, count, 0);
  }
  file.set_attribute("/", "on_bad_row", text(input, {"error", "skip"}));
  for (const sim::replay::BadRowKind kind : sim::replay::kAllBadRowKinds) {
    attribute(input, file,
              ("bad_rows_" + std::string(sim::replay::bad_row_kind_name(kind))).c_str(), 0);
  }
  file.close();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const std::string path = (fuzz::scratch_directory() / "market.h5").string();
  try {
    write_market_file(input, path);
  } catch (const sim::io::Hdf5Error&) {
    return 0;  // an attribute the writer refuses (a NUL character in a string): no file to read
  }
  fuzz::expecting_input_errors([&] {
    sim::replay::Hdf5MarketReader reader(path,
                                         1 + input.ConsumeIntegralInRange<std::size_t>(0, 40));
    std::vector<sim::replay::MarketEvent> events(17);
    while (reader.next_batch(events) > 0) {
    }
  });
  return 0;
}
