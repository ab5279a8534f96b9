// Parse rate of the recorded-market readers: MB/s of *uncompressed* CSV and events/s, on plain
// and gzip input; the conversion rate of `lmsim convert` (convert_to_market_file) and the replay
// rate from the market file it writes (Hdf5MarketReader, event by event and in batches, both
// through the MarketEventReader interface). Uses the full shared sample files (../shared/data)
// when present, else the excerpts in tests/data/replay. Plain copies and market files are
// written to a temporary directory first; their sizes are printed before the benchmarks run.
//   build/<preset>/tests/replay/bench_replay --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>

#include "io/replay/replay_files.hpp"
#include "sim/io/replay/csv_stream.hpp"
#include "sim/io/replay/hdf5_market_reader.hpp"
#include "sim/io/replay/lobster_reader.hpp"
#include "sim/io/replay/market_conversion.hpp"
#include "sim/io/replay/market_file_writer.hpp"
#include "sim/io/replay/merged_reader.hpp"
#include "sim/io/replay/tardis_book_reader.hpp"
#include "sim/io/replay/tardis_trade_reader.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace lmsim;
using namespace lmsim::sim::replay;

const sim::replay::TardisOptions kBinance{{0.01, 1e-8}, EventClock::kExchange, OnBadRow::kError};

std::string source(const std::string& shared_relative, const std::string& excerpt) {
  const std::string shared = std::string(LMSIM_SOURCE_DIR) + "/../shared/data/" + shared_relative;
  return std::filesystem::exists(shared) ? shared : test::replay_data(excerpt);
}

/// The benchmark inputs: each gzip source and a plain copy of it.
struct Inputs {
  test::TempDir dir;
  std::string book_gz = source("binance-spot-2024-08-08/tardis/BTCUSDT_incremental_book_L2.csv.gz",
                               "BTCUSDT_incremental_book_L2.csv.gz");
  std::string trades_gz =
      source("binance-spot-2024-08-08/tardis/BTCUSDT_trades.csv.gz", "BTCUSDT_trades.csv.gz");
  std::string lobster_messages_gz =
      source("lobster-2012-06-21/AMZN_2012-06-21_34200000_57600000_message_5.csv.gz",
             "AMZN_2012-06-21_34200000_57600000_message_5.csv.gz");
  std::string lobster_book_gz =
      source("lobster-2012-06-21/AMZN_2012-06-21_34200000_57600000_orderbook_5.csv.gz",
             "AMZN_2012-06-21_34200000_57600000_orderbook_5.csv.gz");
  std::string book = plain(book_gz, "BTCUSDT_incremental_book_L2.csv");
  std::string trades = plain(trades_gz, "BTCUSDT_trades.csv");
  std::string lobster_messages = plain(lobster_messages_gz, "AMZN_2012-06-21_message_5.csv");
  std::string lobster_book = plain(lobster_book_gz, "AMZN_2012-06-21_orderbook_5.csv");

  std::string plain(const std::string& gz, const std::string& name) const {
    const std::string path = dir.file(name);
    test::copy_gzip(gz, path, false);
    return path;
  }
};

const Inputs& inputs() {
  static const Inputs instance;
  return instance;
}

std::int64_t file_bytes(const std::string& path) {
  return static_cast<std::int64_t>(std::filesystem::file_size(path));
}

template <class MakeReader>
void run(benchmark::State& state, MakeReader make_reader, std::int64_t uncompressed_bytes) {
  std::int64_t events = 0;
  for (auto _ : state) {
    auto reader = make_reader();
    MarketEvent event;
    while (reader->next(event)) {
      benchmark::DoNotOptimize(event);
      ++events;
    }
  }
  state.SetBytesProcessed(state.iterations() * uncompressed_bytes);
  state.SetItemsProcessed(events);
}

void BM_CsvSplitOnly(benchmark::State& state) {
  const std::string& path = inputs().book;
  std::int64_t rows = 0;
  for (auto _ : state) {
    CsvStream stream(path);
    while (stream.next_row()) {
      benchmark::DoNotOptimize(stream.field(7).data());
      ++rows;
    }
  }
  state.SetBytesProcessed(state.iterations() * file_bytes(path));
  state.SetItemsProcessed(rows);
}
BENCHMARK(BM_CsvSplitOnly)->Unit(benchmark::kMillisecond);

void BM_TardisBookPlain(benchmark::State& state) {
  run(
      state, [] { return std::make_unique<TardisBookReader>(inputs().book, kBinance); },
      file_bytes(inputs().book));
}
BENCHMARK(BM_TardisBookPlain)->Unit(benchmark::kMillisecond);

void BM_TardisBookGzip(benchmark::State& state) {
  run(
      state, [] { return std::make_unique<TardisBookReader>(inputs().book_gz, kBinance); },
      file_bytes(inputs().book));
}
BENCHMARK(BM_TardisBookGzip)->Unit(benchmark::kMillisecond);

void BM_TardisTradesPlain(benchmark::State& state) {
  run(
      state, [] { return std::make_unique<TardisTradeReader>(inputs().trades, kBinance); },
      file_bytes(inputs().trades));
}
BENCHMARK(BM_TardisTradesPlain)->Unit(benchmark::kMillisecond);

void BM_TardisTradesGzip(benchmark::State& state) {
  run(
      state, [] { return std::make_unique<TardisTradeReader>(inputs().trades_gz, kBinance); },
      file_bytes(inputs().trades));
}
BENCHMARK(BM_TardisTradesGzip)->Unit(benchmark::kMillisecond);

void BM_MergedBookAndTradesPlain(benchmark::State& state) {
  run(
      state,
      [] {
        std::vector<std::unique_ptr<MarketEventReader>> readers;
        readers.push_back(std::make_unique<TardisBookReader>(inputs().book, kBinance));
        readers.push_back(std::make_unique<TardisTradeReader>(inputs().trades, kBinance));
        return std::make_unique<MergedReader>(std::move(readers));
      },
      file_bytes(inputs().book) + file_bytes(inputs().trades));
}
BENCHMARK(BM_MergedBookAndTradesPlain)->Unit(benchmark::kMillisecond);

// AMZN level 5 has one time written with 12 decimals (line 67823), an unparsable row: skip it.
LobsterOptions lobster_options() {
  LobsterOptions options;
  options.trading_date = "2012-06-21";
  options.on_bad_row = OnBadRow::kSkip;
  return options;
}

void BM_LobsterLevel5Plain(benchmark::State& state) {
  const LobsterOptions options = lobster_options();
  run(
      state,
      [&] {
        return std::make_unique<LobsterReader>(inputs().lobster_messages, inputs().lobster_book,
                                               options);
      },
      file_bytes(inputs().lobster_messages) + file_bytes(inputs().lobster_book));
}
BENCHMARK(BM_LobsterLevel5Plain)->Unit(benchmark::kMillisecond);

void BM_LobsterLevel5Gzip(benchmark::State& state) {
  const LobsterOptions options = lobster_options();
  run(
      state,
      [&] {
        return std::make_unique<LobsterReader>(inputs().lobster_messages_gz,
                                               inputs().lobster_book_gz, options);
      },
      file_bytes(inputs().lobster_messages) + file_bytes(inputs().lobster_book));
}
BENCHMARK(BM_LobsterLevel5Gzip)->Unit(benchmark::kMillisecond);

// --- lmsim convert and the market file --------------------------------------------------------

ConversionOptions tardis_conversion() {
  ConversionOptions options;
  options.format = RecordedFormat::kTardis;
  options.inputs = {inputs().book_gz, inputs().trades_gz};
  options.units = kBinance.units;
  return options;
}

ConversionOptions lobster_conversion() {
  ConversionOptions options;
  options.format = RecordedFormat::kLobster;
  options.inputs = {inputs().lobster_messages_gz, inputs().lobster_book_gz};
  options.trading_date = "2012-06-21";
  options.on_bad_row = OnBadRow::kSkip;
  return options;
}

/// The events of `path` `copies` times over, each copy shifted past the end of the one before:
/// a long file, so that opening it costs nothing next to reading it (a steady-state rate).
std::string repeated(const std::string& path, int copies, const std::string& out) {
  Hdf5MarketReader reader(path);
  std::vector<MarketEvent> events(reader.size());
  events.resize(reader.next_batch(events));
  const engine::Nanos span = events.back().time - events.front().time + 1;
  MarketFileWriter writer(out, reader.clock());
  for (int copy = 0; copy < copies; ++copy) {
    for (MarketEvent event : events) {
      event.time += copy * span;
      event.local_time += copy * span;
      writer.append(event);
    }
  }
  writer.finish(reader.info());
  return out;
}

/// Market files converted once from the benchmark inputs.
struct MarketFiles {
  std::string tardis = inputs().dir.file("btcusdt.h5");
  std::string lobster = inputs().dir.file("amzn.h5");
  std::uint64_t tardis_events = convert_to_market_file(tardis_conversion(), tardis).events.total();
  std::uint64_t lobster_events =
      convert_to_market_file(lobster_conversion(), lobster).events.total();
  std::string tardis_long = repeated(tardis, 10, inputs().dir.file("btcusdt-x10.h5"));
};

const MarketFiles& market_files() {
  static const MarketFiles instance;
  return instance;
}

// Through the interface, as the simulator will hold it: a call the compiler cannot devirtualise.
[[gnu::noinline]] std::unique_ptr<MarketEventReader> open_market(const std::string& path) {
  return std::make_unique<Hdf5MarketReader>(path);
}

void BM_MarketFileNext(benchmark::State& state, const std::string& path) {
  std::int64_t events = 0;
  for (auto _ : state) {
    const std::unique_ptr<MarketEventReader> reader = open_market(path);
    MarketEvent event;
    while (reader->next(event)) {
      benchmark::DoNotOptimize(event);
      ++events;
    }
  }
  state.SetItemsProcessed(events);
  state.SetBytesProcessed(state.iterations() *
                          static_cast<std::int64_t>(std::filesystem::file_size(path)));
}

void BM_MarketFileBatch(benchmark::State& state, const std::string& path) {
  std::int64_t events = 0;
  std::vector<MarketEvent> batch(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const std::unique_ptr<MarketEventReader> reader = open_market(path);
    while (const std::size_t count = reader->next_batch(batch)) {
      benchmark::DoNotOptimize(batch.data());
      events += static_cast<std::int64_t>(count);
    }
  }
  state.SetItemsProcessed(events);
}

void BM_MarketFileTardisNext(benchmark::State& state) {
  BM_MarketFileNext(state, market_files().tardis);
}
BENCHMARK(BM_MarketFileTardisNext)->Unit(benchmark::kMillisecond);

void BM_MarketFileTardisBatch(benchmark::State& state) {
  BM_MarketFileBatch(state, market_files().tardis);
}
BENCHMARK(BM_MarketFileTardisBatch)->Arg(1024)->Unit(benchmark::kMillisecond);

void BM_MarketFileLobsterNext(benchmark::State& state) {
  BM_MarketFileNext(state, market_files().lobster);
}
BENCHMARK(BM_MarketFileLobsterNext)->Unit(benchmark::kMillisecond);

void BM_MarketFileLobsterBatch(benchmark::State& state) {
  BM_MarketFileBatch(state, market_files().lobster);
}
BENCHMARK(BM_MarketFileLobsterBatch)->Arg(1024)->Unit(benchmark::kMillisecond);

void BM_MarketFileTardisLongNext(benchmark::State& state) {
  BM_MarketFileNext(state, market_files().tardis_long);
}
BENCHMARK(BM_MarketFileTardisLongNext)->Unit(benchmark::kMillisecond);

// The whole conversion (gzip CSV in, market file out, SHA-256 of the inputs included); MB/s of
// uncompressed CSV.
void BM_ConvertTardisGzip(benchmark::State& state) {
  const std::string out = inputs().dir.file("convert-btcusdt.h5");
  std::int64_t events = 0;
  for (auto _ : state) events += convert_to_market_file(tardis_conversion(), out).events.total();
  state.SetItemsProcessed(events);
  state.SetBytesProcessed(state.iterations() *
                          (file_bytes(inputs().book) + file_bytes(inputs().trades)));
}
BENCHMARK(BM_ConvertTardisGzip)->Unit(benchmark::kMillisecond);

void BM_ConvertLobsterGzip(benchmark::State& state) {
  const std::string out = inputs().dir.file("convert-amzn.h5");
  std::int64_t events = 0;
  for (auto _ : state) events += convert_to_market_file(lobster_conversion(), out).events.total();
  state.SetItemsProcessed(events);
  state.SetBytesProcessed(state.iterations() * (file_bytes(inputs().lobster_messages) +
                                                file_bytes(inputs().lobster_book)));
}
BENCHMARK(BM_ConvertLobsterGzip)->Unit(benchmark::kMillisecond);

void print_sizes() {
  const Inputs& in = inputs();
  const MarketFiles& market = market_files();
  std::printf("BTCUSDT book+trades: %llu events; CSV %lld bytes, gzip %lld, market.h5 %lld\n",
              static_cast<unsigned long long>(market.tardis_events),
              static_cast<long long>(file_bytes(in.book) + file_bytes(in.trades)),
              static_cast<long long>(file_bytes(in.book_gz) + file_bytes(in.trades_gz)),
              static_cast<long long>(file_bytes(market.tardis)));
  std::printf(
      "AMZN LOBSTER level 5: %llu events; CSV %lld bytes, gzip %lld, market.h5 %lld\n",
      static_cast<unsigned long long>(market.lobster_events),
      static_cast<long long>(file_bytes(in.lobster_messages) + file_bytes(in.lobster_book)),
      static_cast<long long>(file_bytes(in.lobster_messages_gz) + file_bytes(in.lobster_book_gz)),
      static_cast<long long>(file_bytes(market.lobster)));
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  print_sizes();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
