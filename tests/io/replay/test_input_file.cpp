#include <catch2/catch.hpp>

#include "replay_fixtures.hpp"
#include "sim/io/replay/input_file.hpp"

using namespace lmsim;
using namespace lmsim::sim::replay;

namespace {

std::string read_whole(const std::string& path, std::size_t chunk = 7) {
  InputFile file(path);
  std::string text;
  std::vector<char> buffer(chunk);
  while (const std::size_t got = file.read(buffer)) text.append(buffer.data(), got);
  CHECK(file.bytes_read() == text.size());
  return text;
}

}  // namespace

TEST_CASE("InputFile: plain and gzip read the same bytes, gzip found by its magic", "[replay]") {
  const test::TempDir dir;
  const std::string text = "a,b\n1,2\n3,4\n";
  const std::string plain = dir.write("plain.csv", text);
  test::copy_gzip(plain, dir.file("packed.csv.gz"), true);
  test::copy_gzip(plain, dir.file("misnamed.csv"), true);
  CHECK(read_whole(plain) == text);
  CHECK(read_whole(dir.file("packed.csv.gz")) == text);
  CHECK(read_whole(dir.file("misnamed.csv")) == text);
  CHECK_FALSE(InputFile(plain).compressed());
  CHECK(InputFile(dir.file("misnamed.csv")).compressed());
  CHECK(read_whole(dir.write("empty.csv", "")) == "");
}

TEST_CASE("InputFile: unreadable and truncated files are errors", "[replay]") {
  const test::TempDir dir;
  CHECK(test::error_of([&] { InputFile file(dir.file("missing.csv")); }) ==
        "missing.csv: cannot open file: No such file or directory");
  CHECK(test::error_of([&] {
          InputFile file(dir.path().string());
        }).ends_with(": cannot open file: not a regular file"));

  // The first 60% of a gzip file: the stream stops mid-member.
  std::string text;
  for (int i = 0; i < 2000; ++i) text += std::to_string(i * 7919 % 10007) + ",x\n";
  test::copy_gzip(dir.write("full.csv", text), dir.file("full.csv.gz"), true);
  const std::string packed = test::read_file(dir.file("full.csv.gz"));
  dir.write("cut.csv.gz", std::string_view(packed).substr(0, packed.size() * 6 / 10));
  CHECK(test::error_of([&] { read_whole(dir.file("cut.csv.gz"), 4096); }) ==
        "cut.csv.gz: truncated gzip data (the file ends mid-stream)");

  // Garbage after the gzip magic.
  dir.write("garbage.csv.gz", std::string("\x1f\x8b\x08\x00garbage-not-deflate-data", 28));
  CHECK(test::error_of([&] {
          read_whole(dir.file("garbage.csv.gz"), 4096);
        }).starts_with("garbage.csv.gz: "));
}
