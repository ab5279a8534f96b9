#include <zlib.h>
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <vector>

#include "sim/io/chunk_compressor.hpp"
#include "sim/io/hdf5_file.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim::sim::io;

namespace {

// Undoes what HDF5's deflate and shuffle filters did to one chunk of `elements` elements.
std::vector<unsigned char> unfiltered(const CompressedChunk& chunk, std::size_t elements,
                                      std::size_t element_size, bool shuffle) {
  std::vector<unsigned char> inflated(elements * element_size);
  uLongf size = static_cast<uLongf>(inflated.size());
  REQUIRE(uncompress(inflated.data(), &size, chunk.bytes.data(),
                     static_cast<uLong>(chunk.bytes.size())) == Z_OK);
  REQUIRE(size == inflated.size());
  if (!shuffle) return inflated;
  std::vector<unsigned char> bytes(inflated.size());
  for (std::size_t j = 0; j < element_size; ++j) {
    for (std::size_t i = 0; i < elements; ++i)
      bytes[i * element_size + j] = inflated[j * elements + i];
  }
  return bytes;
}

}  // namespace

TEST_CASE("compress_chunks: each chunk is the zero-padded data, shuffled and deflated",
          "[chunk_compressor]") {
  // 2-D: 5 rows × 7 columns cut into 2 × 3 chunks — partial chunks in both dimensions.
  std::vector<std::int64_t> values(35);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::int64_t>(i * i) - 7;
  const std::vector<std::uint64_t> dims{5, 7};
  const std::vector<std::uint64_t> shape{2, 3};
  const auto chunks = compress_chunks(values.data(), 8, dims, shape, true, 1, 1);
  REQUIRE(chunks.size() == 9);  // 3 chunk rows × 3 chunk columns, row-major
  for (std::size_t c = 0; c < chunks.size(); ++c) {
    const std::uint64_t row = chunks[c].offset[0];
    const std::uint64_t column = chunks[c].offset[1];
    CHECK(row == c / 3 * 2);
    CHECK(column == c % 3 * 3);
    const std::vector<unsigned char> bytes = unfiltered(chunks[c], 6, 8, true);
    for (std::uint64_t r = 0; r < 2; ++r) {
      for (std::uint64_t k = 0; k < 3; ++k) {
        std::int64_t got = 0;
        std::memcpy(&got, bytes.data() + (r * 3 + k) * 8, 8);
        const bool inside = row + r < 5 && column + k < 7;
        CHECK(got == (inside ? values[(row + r) * 7 + column + k] : 0));
      }
    }
  }
  // Without the shuffle the chunk is deflated as it is.
  const auto plain = compress_chunks(values.data(), 8, dims, shape, false, 1, 1);
  std::int64_t first = 0;
  std::memcpy(&first, unfiltered(plain[0], 6, 8, false).data(), 8);
  CHECK(first == values[0]);
}

TEST_CASE("compress_chunks: chunks whose rows are contiguous are the data itself, the last padded",
          "[chunk_compressor]") {
  // 1-D: 10 elements in chunks of 4; 2-D: 5 rows × 3 columns in chunks of 2 rows × 3 columns.
  // Whole chunks are read where they lie, the last is partial in both.
  std::vector<double> values(15);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = 0.5 + static_cast<double>(i);
  const auto check = [&](const std::vector<CompressedChunk>& chunks, std::size_t per_chunk,
                         std::size_t count, bool shuffle) {
    for (std::size_t c = 0; c < chunks.size(); ++c) {
      const std::vector<unsigned char> bytes = unfiltered(chunks[c], per_chunk, 8, shuffle);
      for (std::size_t k = 0; k < per_chunk; ++k) {
        double got = 0.0;
        std::memcpy(&got, bytes.data() + k * 8, 8);
        const std::size_t i = c * per_chunk + k;
        CHECK(got == (i < count ? values[i] : 0.0));
      }
    }
  };
  for (const bool shuffle : {false, true}) {
    const std::vector<std::uint64_t> flat{10};
    const std::vector<std::uint64_t> four{4};
    const auto line = compress_chunks(values.data(), 8, flat, four, shuffle, 1, 1);
    REQUIRE(line.size() == 3);
    check(line, 4, 10, shuffle);
    const std::vector<std::uint64_t> dims{5, 3};
    const std::vector<std::uint64_t> shape{2, 3};
    const auto table = compress_chunks(values.data(), 8, dims, shape, shuffle, 1, 1);
    REQUIRE(table.size() == 3);
    check(table, 6, 15, shuffle);
  }
}

TEST_CASE("compress_chunks: the same chunks whatever the number of threads", "[chunk_compressor]") {
  std::vector<double> values(100'003);
  for (std::size_t i = 0; i < values.size(); ++i)
    values[i] = 1000.0 + 0.25 * static_cast<double>(i % 977);
  const std::vector<std::uint64_t> dims{values.size()};
  const std::vector<std::uint64_t> shape{4096};
  const auto one = compress_chunks(values.data(), 8, dims, shape, true, 4, 1);
  const auto four = compress_chunks(values.data(), 8, dims, shape, true, 4, 4);
  REQUIRE(one.size() == 25);
  REQUIRE(four.size() == one.size());
  for (std::size_t c = 0; c < one.size(); ++c) {
    CHECK(one[c].offset == four[c].offset);
    CHECK(one[c].bytes == four[c].bytes);
  }
  CHECK_THROWS_AS(compress_chunks(values.data(), 8, dims, shape, true, 0, 1),
                  std::invalid_argument);
  const std::vector<std::uint64_t> no_rows{0};
  CHECK_THROWS_AS(compress_chunks(values.data(), 8, dims, no_rows, true, 1, 1),
                  std::invalid_argument);
}

TEST_CASE("compress_chunks: a dataset written from them reads back whole", "[chunk_compressor]") {
  // Hdf5Writer writes compressed datasets from these chunks (H5Dwrite_chunk): the library must
  // read them as it would have written them, partial last chunk included.
  const lmsim::test::TempDir dir;
  std::vector<std::int64_t> values(70'000);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::int64_t>(i) * 3 - 5;
  {
    Hdf5Writer writer(dir.file("c.h5"));
    writer.write("/v", values, "1", Hdf5Compression{});
    writer.close();
  }
  const Hdf5Reader reader(dir.file("c.h5"));
  CHECK(reader.read<std::int64_t>("/v") == values);
}
