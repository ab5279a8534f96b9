#include <catch2/catch.hpp>

#include "replay_fixtures.hpp"
#include "sim/io/replay/csv_stream.hpp"

using namespace lmsim;
using namespace lmsim::sim::replay;

namespace {

struct Row {
  std::int64_t line;
  std::vector<std::string> fields;
  bool operator==(const Row&) const = default;
};

std::vector<Row> rows_of(const std::string& path, std::size_t buffer_bytes) {
  CsvStream stream(path, buffer_bytes);
  std::vector<Row> rows;
  while (stream.next_row()) {
    rows.push_back({stream.line(), {}});
    for (std::size_t i = 0; i < stream.field_count(); ++i)
      rows.back().fields.emplace_back(stream.field(i));
  }
  return rows;
}

}  // namespace

TEST_CASE("CsvStream: rows and line numbers do not depend on the buffer size", "[replay]") {
  const test::TempDir dir;
  std::string text = "h1,h2\r\n\n";
  for (int i = 0; i < 300; ++i) {
    text += std::to_string(i) + ",\"q," + std::to_string(i * i) + "\"\n";
    if (i % 17 == 0) text += "\n";
  }
  text += "last,row";  // no newline at the end
  const std::string plain = dir.write("t.csv", text);
  test::copy_gzip(plain, dir.file("t.csv.gz"), true);

  const std::vector<Row> expected = rows_of(plain, CsvStream::kDefaultBufferBytes);
  REQUIRE(expected.size() == 302);
  CHECK(expected[0] == Row{1, {"h1", "h2"}});
  CHECK(expected[1] == Row{3, {"0", "q,0"}});
  CHECK(expected[2] == Row{5, {"1", "q,1"}});
  CHECK(expected.back() == Row{static_cast<std::int64_t>(3 + 300 + 18), {"last", "row"}});
  for (const std::size_t buffer : {64, 65, 100, 333, 4096}) {
    INFO(buffer);
    CHECK(rows_of(plain, buffer) == expected);
    CHECK(rows_of(dir.file("t.csv.gz"), buffer) == expected);
  }
}

TEST_CASE("CsvStream: a line longer than the buffer grows it", "[replay]") {
  const test::TempDir dir;
  const std::string wide(1000, 'w');
  const std::string path = dir.write("t.csv", "a,b\n" + wide + ",1\nc,d\n");
  const std::vector<Row> rows = rows_of(path, 64);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1] == Row{2, {wide, "1"}});
  CHECK(rows[2] == Row{3, {"c", "d"}});
}

TEST_CASE("CsvStream: a malformed row is returned with its error, located in the file",
          "[replay]") {
  const test::TempDir dir;
  std::string text;
  for (int i = 0; i < 50; ++i) text += "1,2\n";
  text += "3,\"open\n4,5\n";
  CsvStream stream(dir.write("t.csv", text), 64);
  int rows = 0;
  while (stream.next_row()) {
    ++rows;
    if (stream.line() == 51) {
      REQUIRE(stream.row_error() != nullptr);
      CHECK(std::string(stream.row_error()->what())
                .ends_with(
                    "t.csv:51:3: unterminated quoted field (quoted fields may not span lines)"));
    } else {
      CHECK(stream.row_error() == nullptr);
    }
  }
  CHECK(rows == 52);
  CHECK(stream.line() == 52);
}

TEST_CASE("CsvStream: header through CsvColumns, locations count from the file start", "[replay]") {
  const test::TempDir dir;
  std::string text = "x,y\n";
  for (int i = 0; i < 40; ++i) text += "10,20\n";
  CsvStream stream(dir.write("t.csv", text), 64);
  const sim::io::CsvColumns columns = stream.read_header({"y", "x"}, {});
  CHECK(*columns.find("y") == 1);
  while (stream.next_row()) {
  }
  CHECK(stream.line() == 41);
  CHECK(stream.bytes_read() == text.size());

  CsvStream empty(dir.write("e.csv", ""));
  CHECK(test::error_of([&] { empty.read_header({"x"}, {}); }) ==
        "e.csv: empty file (expected a header row: x)");
}
