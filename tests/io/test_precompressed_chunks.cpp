#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/io/hdf5_file.hpp"
#include "sim/io/precompressed_chunks.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim::sim::io;
using lmsim::test::read_file;
using lmsim::test::TempDir;

namespace {

struct Data {
  std::vector<double> prices;        // 70,003 values: nine chunks, the last partial
  std::vector<std::int64_t> matrix;  // 9,000 × 7
  std::vector<std::uint8_t> flags;   // one partial chunk
  std::vector<double> uncompressed;  // stored contiguously: nothing to prepare
};

Data sample() {
  Data data;
  for (std::size_t i = 0; i < 70'003; ++i) data.prices.push_back(100.0 + 0.01 * double(i % 613));
  for (std::size_t i = 0; i < 9'000 * 7; ++i) data.matrix.push_back(std::int64_t(i * i % 1'000));
  for (std::size_t i = 0; i < 5'000; ++i) data.flags.push_back(std::uint8_t(i % 3 == 0));
  data.uncompressed = {1.0, 2.0, 3.0};
  return data;
}

void write(const std::string& path, const Data& data, const PrecompressedChunks* chunks) {
  Hdf5Writer writer(path);
  writer.use_precompressed(chunks);
  writer.write("/market/price", data.prices, "USDT", Hdf5Compression{});
  writer.write_matrix("/market/matrix", data.matrix, 9'000, 7, "1", Hdf5Compression{});
  writer.write("/market/flags", data.flags, "1", Hdf5Compression{});
  writer.write("/market/plain", data.uncompressed, "1");
  writer.close();
}

}  // namespace

TEST_CASE("PrecompressedChunks: a file written from them is the file written without",
          "[precompressed_chunks]") {
  const TempDir dir;
  const Data data = sample();
  PrecompressedChunks chunks;
  chunks.add("/market/price", data.prices, Hdf5Compression{}, 2);
  chunks.add_matrix("/market/matrix", data.matrix, 9'000, 7, Hdf5Compression{}, 1);
  chunks.add("/market/flags", data.flags, Hdf5Compression{}, 1);
  chunks.add("/market/plain", data.uncompressed, Hdf5Compression::none(), 1);
  CHECK(chunks.size() == 3);  // the uncompressed dataset has no chunks
  const std::uint64_t price_dims[] = {data.prices.size()};
  const auto* price_chunks = chunks.find("/market/price", Hdf5Type::kFloat64, data.prices.data(),
                                         price_dims, Hdf5Compression{});
  REQUIRE(price_chunks != nullptr);
  CHECK(price_chunks->size() == 3);  // 32,768 doubles of 256 KiB per chunk
  write(dir.file("plain.h5"), data, nullptr);
  write(dir.file("precompressed.h5"), data, &chunks);
  const std::string plain = read_file(dir.file("plain.h5"));
  REQUIRE(plain.size() > 1000);
  CHECK(read_file(dir.file("precompressed.h5")) == plain);
  const Hdf5Reader reader(dir.file("precompressed.h5"));
  CHECK(reader.read<double>("/market/price") == data.prices);
  CHECK(reader.read_matrix<std::int64_t>("/market/matrix").values == data.matrix);
}

TEST_CASE("PrecompressedChunks: other data, shape, type or compression is not theirs",
          "[precompressed_chunks]") {
  const Data data = sample();
  PrecompressedChunks chunks;
  chunks.add("/market/price", data.prices, Hdf5Compression{}, 1);
  const std::uint64_t dims[] = {data.prices.size()};
  const std::uint64_t shorter[] = {data.prices.size() - 1};
  CHECK(chunks.find("/market/price", Hdf5Type::kFloat64, data.prices.data(), dims,
                    Hdf5Compression{}) != nullptr);
  // The same values elsewhere in memory: a copy may since have changed, so it is not matched.
  const std::vector<double> copy = data.prices;
  CHECK(chunks.find("/market/price", Hdf5Type::kFloat64, copy.data(), dims, Hdf5Compression{}) ==
        nullptr);
  CHECK(chunks.find("/market/price", Hdf5Type::kFloat64, data.prices.data(), shorter,
                    Hdf5Compression{}) == nullptr);
  CHECK(chunks.find("/market/price", Hdf5Type::kInt64, data.prices.data(), dims,
                    Hdf5Compression{}) == nullptr);
  CHECK(chunks.find("/market/price", Hdf5Type::kFloat64, data.prices.data(), dims,
                    Hdf5Compression{4, true}) == nullptr);
  CHECK(chunks.find("/market/other", Hdf5Type::kFloat64, data.prices.data(), dims,
                    Hdf5Compression{}) == nullptr);

  // A dataset written from other data at that path is compressed afresh: the file holds it.
  const TempDir dir;
  {
    Hdf5Writer writer(dir.file("other.h5"));
    writer.use_precompressed(&chunks);
    writer.write("/market/price", copy, "USDT", Hdf5Compression{});
    const std::vector<double> changed(data.prices.size(), 7.0);
    writer.write("/market/changed", changed, "USDT", Hdf5Compression{});
    writer.close();
  }
  const Hdf5Reader reader(dir.file("other.h5"));
  CHECK(reader.read<double>("/market/price") == data.prices);
  CHECK(reader.read<double>("/market/changed") == std::vector<double>(data.prices.size(), 7.0));
}

TEST_CASE("GrowingColumns: chunks compressed as columns grow give the file written without",
          "[precompressed_chunks]") {
  std::vector<double> prices;              // 32,768 rows a chunk: three complete of 100,003
  std::vector<std::uint8_t> sides;         // 262,144 rows a chunk: two complete of 600,009
  std::vector<std::int64_t> short_column;  // never a complete chunk
  PrecompressedChunks chunks;
  {
    GrowingColumns growing;
    growing.follow("/market/trades/price", prices);
    growing.follow("/market/trades/aggressor", sides);
    growing.follow("/market/trades/time", short_column);
    // Appended in uneven steps, polled between them; the vectors move as they grow.
    for (std::size_t step = 0; prices.size() < 100'003; ++step) {
      for (std::size_t i = 0; i < 997 + step % 5 && prices.size() < 100'003; ++i) {
        prices.push_back(1'000.0 + 0.5 * static_cast<double>(prices.size() % 331));
        for (int k = 0; k < 6 && sides.size() < 600'009; ++k) {
          sides.push_back(static_cast<std::uint8_t>(sides.size() % 7 < 3));
        }
      }
      growing.poll();
    }
    sides.resize(600'009, 1);
    short_column.assign(10, 4);
    growing.poll();
    growing.drain();
    growing.finish(chunks);
  }
  CHECK(chunks.size() == 2);
  const std::uint64_t price_rows[] = {prices.size()};
  const PrecompressedChunks::Leading leading = chunks.leading(
      "/market/trades/price", Hdf5Type::kFloat64, prices.data(), price_rows, Hdf5Compression{});
  REQUIRE(leading.chunks != nullptr);
  CHECK(leading.rows == 3 * 32'768);
  CHECK(leading.chunks->size() == 3);

  const TempDir dir;
  const auto write_file = [&](const std::string& name, const PrecompressedChunks* ahead) {
    Hdf5Writer writer(dir.file(name));
    writer.use_precompressed(ahead);
    writer.write("/market/trades/price", prices, "USDT", Hdf5Compression{});
    writer.write("/market/trades/aggressor", sides, "1", Hdf5Compression{});
    writer.write("/market/trades/time", short_column, "ns", Hdf5Compression{});
    writer.close();
  };
  write_file("plain.h5", nullptr);
  write_file("ahead.h5", &chunks);
  const std::string plain = read_file(dir.file("plain.h5"));
  REQUIRE(plain.size() > 1000);
  CHECK(read_file(dir.file("ahead.h5")) == plain);

  // Chunks still waiting at finish() are left to the writer: the file is the same.
  {
    std::vector<double> more;
    PrecompressedChunks some;
    GrowingColumns growing;
    growing.follow("/market/trades/price", more);
    for (std::size_t i = 0; i < 200'000; ++i) {
      more.push_back(static_cast<double>(i % 977));
      if (i % 4'096 == 0) growing.poll();
    }
    growing.finish(some);
    const std::uint64_t rows[] = {more.size()};
    const PrecompressedChunks::Leading kept = some.leading(
        "/market/trades/price", Hdf5Type::kFloat64, more.data(), rows, Hdf5Compression{});
    CHECK(kept.rows % 32'768 == 0);
    CHECK(kept.rows <= 6 * 32'768);
    Hdf5Writer with(dir.file("some.h5"));
    with.use_precompressed(&some);
    with.write("/market/trades/price", more, "1", Hdf5Compression{});
    with.close();
    Hdf5Writer without(dir.file("none.h5"));
    without.write("/market/trades/price", more, "1", Hdf5Compression{});
    without.close();
    CHECK(read_file(dir.file("some.h5")) == read_file(dir.file("none.h5")));
  }

  // A value changed after its chunk was compressed: the chunks no longer match, and the file
  // holds the value as it is now.
  prices[40'000] = -1.0;
  CHECK(chunks
            .leading("/market/trades/price", Hdf5Type::kFloat64, prices.data(), price_rows,
                     Hdf5Compression{})
            .chunks == nullptr);
  write_file("changed.h5", &chunks);
  CHECK(Hdf5Reader(dir.file("changed.h5")).read<double>("/market/trades/price") == prices);
  // Fewer rows than the chunks hold, or another type: not theirs either.
  const std::uint64_t fewer[] = {2 * 262'144 - 1};
  CHECK(chunks
            .leading("/market/trades/aggressor", Hdf5Type::kUint8, sides.data(), fewer,
                     Hdf5Compression{})
            .chunks == nullptr);
  const std::uint64_t side_rows[] = {sides.size()};
  CHECK(chunks
            .leading("/market/trades/aggressor", Hdf5Type::kUint8, sides.data(), side_rows,
                     Hdf5Compression{})
            .rows == 2 * 262'144);
  CHECK(chunks
            .leading("/market/trades/aggressor", Hdf5Type::kInt64, sides.data(), side_rows,
                     Hdf5Compression{})
            .chunks == nullptr);
}
