// Parse rate of the recorded-market readers: MB/s of *uncompressed* CSV and events/s, on plain
// and gzip input. Uses the full shared sample files (../shared/data) when present, else the
// excerpts in tests/data/replay. Plain copies are written to a temporary directory first.
//   build/<preset>/tests/replay/bench_replay --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <filesystem>

#include "replay_files.hpp"
#include "sim/replay/csv_stream.hpp"
#include "sim/replay/lobster_reader.hpp"
#include "sim/replay/merged_reader.hpp"
#include "sim/replay/tardis_book_reader.hpp"
#include "sim/replay/tardis_trade_reader.hpp"
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

}  // namespace

BENCHMARK_MAIN();
