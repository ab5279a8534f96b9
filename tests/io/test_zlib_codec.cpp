#include <zlib.h>
#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "sim/io/zlib_codec.hpp"

using namespace lmsim::sim::io;

namespace {

std::vector<unsigned char> sample_bytes(std::size_t size) {
  std::vector<unsigned char> bytes(size);
  std::uint64_t state = 7;
  for (std::size_t i = 0; i < size; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    // Runs of small values with some noise: compressible, not trivially.
    bytes[i] = static_cast<unsigned char>(i / 64 % 7 + (state >> 61));
  }
  return bytes;
}

}  // namespace

TEST_CASE("ZlibCompressor: zlib reads back what it compresses, at every level", "[zlib_codec]") {
  const std::vector<unsigned char> data = sample_bytes(100'000);
  std::vector<unsigned char> compressed;
  for (const int level : {1, 4, 9, 12}) {
    ZlibCompressor deflater(level);
    deflater.compress(data, compressed);
    CHECK(compressed.size() < data.size() / 2);
    std::vector<unsigned char> back(data.size());
    uLongf size = static_cast<uLongf>(back.size());
    REQUIRE(uncompress(back.data(), &size, compressed.data(),
                       static_cast<uLong>(compressed.size())) == Z_OK);
    CHECK(size == data.size());
    CHECK(back == data);
  }
  // Nothing in, a valid stream of nothing out.
  ZlibCompressor(1).compress({}, compressed);
  std::vector<unsigned char> none;
  CHECK(ZlibDecompressor().decompress(compressed, none));
  CHECK_THROWS_AS(ZlibCompressor(0), std::invalid_argument);
  CHECK_THROWS_AS(ZlibCompressor(13), std::invalid_argument);
}

TEST_CASE("ZlibDecompressor: reads zlib's streams of exactly the size given", "[zlib_codec]") {
  const std::vector<unsigned char> data = sample_bytes(70'001);
  std::vector<unsigned char> compressed(compressBound(static_cast<uLong>(data.size())));
  uLongf size = static_cast<uLongf>(compressed.size());
  REQUIRE(compress2(compressed.data(), &size, data.data(), static_cast<uLong>(data.size()), 6) ==
          Z_OK);
  compressed.resize(size);
  ZlibDecompressor inflater;
  std::vector<unsigned char> out(data.size());
  CHECK(inflater.decompress(compressed, out));
  CHECK(out == data);
  // A stream of another size than the one asked for is refused, shorter or longer.
  std::vector<unsigned char> short_out(data.size() - 1);
  CHECK_FALSE(inflater.decompress(compressed, short_out));
  std::vector<unsigned char> long_out(data.size() + 1);
  CHECK_FALSE(inflater.decompress(compressed, long_out));
  // So is a stream whose checksum or data is damaged, and one cut short.
  std::vector<unsigned char> damaged = compressed;
  damaged.back() ^= 1;  // the Adler-32 trailer
  CHECK_FALSE(inflater.decompress(damaged, out));
  damaged = compressed;
  damaged[damaged.size() / 2] ^= 0x40;
  CHECK_FALSE(inflater.decompress(damaged, out));
  damaged.assign(compressed.begin(), compressed.end() - 10);
  CHECK_FALSE(inflater.decompress(damaged, out));
}

TEST_CASE("crc32: zlib's CRC-32, continued piece by piece", "[zlib_codec]") {
  const std::vector<unsigned char> data = sample_bytes(10'000);
  const uLong expected = ::crc32(0L, data.data(), static_cast<uInt>(data.size()));
  CHECK(lmsim::sim::io::crc32(0, data) == expected);
  const std::span<const unsigned char> all(data);
  CHECK(lmsim::sim::io::crc32(lmsim::sim::io::crc32(0, all.first(3333)), all.subspan(3333)) ==
        expected);
  // The check value of the ISO-HDLC CRC-32: "123456789" → 0xCBF43926.
  const std::vector<unsigned char> digits{'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  CHECK(lmsim::sim::io::crc32(0, digits) == 0xCBF43926u);
}
