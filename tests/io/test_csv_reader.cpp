#include <catch2/catch.hpp>

#include "sim/io/csv_reader.hpp"

using namespace lmsim::sim;
using namespace lmsim::sim::io;

namespace {

std::vector<std::vector<std::string>> rows_of(std::string_view text) {
  CsvReader reader(text, "t.csv");
  std::vector<std::vector<std::string>> rows;
  while (reader.next_row()) {
    rows.emplace_back();
    for (std::size_t i = 0; i < reader.field_count(); ++i)
      rows.back().emplace_back(reader.field(i));
  }
  return rows;
}

using Rows = std::vector<std::vector<std::string>>;

}  // namespace

TEST_CASE("CsvReader: fields, CRLF, blank lines, quotes", "[csv]") {
  CHECK(rows_of("a,b\r\n1,2\n\n3,\n") == Rows{{"a", "b"}, {"1", "2"}, {"3", ""}});
  CHECK(rows_of("\"x,y\",\"he said \"\"hi\"\"\",z") == Rows{{"x,y", "he said \"hi\"", "z"}});
  CHECK(rows_of("") == Rows{});
  CHECK(rows_of("last line without newline") == Rows{{"last line without newline"}});
}

TEST_CASE("CsvReader: line numbers and columns count skipped blank lines", "[csv]") {
  CsvReader reader("a,b\n\n1,22,3\n", "t.csv");
  REQUIRE(reader.next_row());
  REQUIRE(reader.next_row());
  CHECK(reader.line() == 3);
  const InputLocation location = reader.location(2, "third");
  CHECK(location.line == 3);
  CHECK(location.column == 6);
  CHECK(location.key == "third");
}

TEST_CASE("CsvReader: malformed quoting is an error with its position", "[csv]") {
  CHECK_THROWS_WITH(rows_of("a,\"open\n"),
                    "t.csv:1:3: unterminated quoted field (quoted fields may not span lines)");
  CHECK_THROWS_WITH(rows_of("\"a\"b,c\n"), "t.csv:1:4: expected ',' after a quoted field");
}

TEST_CASE("CsvColumns: required, optional, unknown and repeated columns", "[csv]") {
  const auto header = [](std::string_view text) {
    CsvReader reader(text, "t.csv");
    return CsvColumns(reader, {"a", "b"}, {"c"});
  };
  CHECK(header("b,a\n").column("a").index == 1);
  CHECK(header("a,b,c\n").find("c") == 2u);
  CHECK_FALSE(header("a,b\n").find("c"));
  CHECK_THROWS_WITH(header("a\n"), "t.csv:1: missing column \"b\" in header (expected a,b)");
  CHECK_THROWS_WITH(header("a,b,d\n"),
                    "t.csv:1:5: unknown column \"d\" in header (expected a,b and optionally c)");
  CHECK_THROWS_WITH(header("a,b,a\n"), "t.csv:1:5: column \"a\" appears twice in header");
  CHECK_THROWS_WITH(header(""), "t.csv: empty file (expected a header row: a,b)");
}
