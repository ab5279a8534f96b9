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
