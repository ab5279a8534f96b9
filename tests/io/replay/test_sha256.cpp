#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "replay_files.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/replay/sha256.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim;
using sim::replay::Sha256;
using sim::replay::sha256_file_hex;

namespace {

std::string digest(std::string_view text) {
  Sha256 hash;
  hash.update(text);
  return hash.finish_hex();
}

}  // namespace

TEST_CASE("Sha256: the FIPS 180-4 test vectors", "[replay][sha256]") {
  CHECK(digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(digest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
               "klmnopqrlmnopqrsmnopqrstnopqrstu") ==
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  CHECK(digest(std::string(1'000'000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("Sha256: pieces of any size give the digest of the whole", "[replay][sha256]") {
  // Lengths around the 55/56/64-byte padding boundaries, fed in uneven pieces.
  for (const std::size_t length : {55u, 56u, 57u, 63u, 64u, 65u, 119u, 120u, 1000u}) {
    std::string text(length, '\0');
    for (std::size_t i = 0; i < length; ++i) text[i] = static_cast<char>('a' + (i * 7) % 26);
    for (const std::size_t piece : {1u, 3u, 63u, 64u, 65u}) {
      Sha256 hash;
      for (std::size_t at = 0; at < length; at += piece)
        hash.update(std::string_view(text).substr(at, piece));
      CAPTURE(length, piece);
      CHECK(hash.finish_hex() == digest(text));
    }
  }
  // finish() starts a new message.
  Sha256 hash;
  hash.update("junk");
  (void)hash.finish();
  hash.update("abc");
  CHECK(hash.finish_hex() == digest("abc"));
}

TEST_CASE("Sha256: files hash to sha256sum's digest of their stored bytes", "[replay][sha256]") {
  // The digests listed in tests/data/replay/README.md (sha256sum of the files as stored).
  CHECK(sha256_file_hex(test::replay_data("AMZN_2012-06-21_34200000_57600000_message_1.csv")) ==
        "04265e69a7a1d722a32c5a7d2ad240028d5d91108b6d2e8ba226f95fe798d318");
  CHECK(sha256_file_hex(test::replay_data("BTCUSDT_trades.csv.gz")) ==
        "d0a8987e56d656c13b1e4a4b28e7dc441f7035d398fc3c1ab5a64c6b655b709c");
  const test::TempDir dir;
  CHECK(sha256_file_hex(dir.write("empty.csv", "")) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK_THROWS_WITH(sha256_file_hex(dir.file("missing.csv")),
                    dir.file("missing.csv") + ": cannot open file: No such file or directory");
  CHECK_THROWS_AS(sha256_file_hex(dir.path().string()), sim::io::InputError);
  CHECK_THROWS_WITH(sha256_file_hex(dir.path().string()),
                    dir.path().string() + ": cannot read file: Is a directory");
}

TEST_CASE("Sha256: a moved hash carries on with the same message", "[replay][sha256]") {
  Sha256 first;
  first.update("ab");
  Sha256 second(std::move(first));
  second.update("c");
  CHECK(second.finish_hex() == digest("abc"));
  first = std::move(second);
  first.update("abc");
  CHECK(first.finish_hex() == digest("abc"));
}
