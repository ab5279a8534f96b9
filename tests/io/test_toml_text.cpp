#include <catch2/catch.hpp>

#include "sim/io/toml_table_reader.hpp"
#include "sim/io/toml_text.hpp"

using namespace lmsim::sim::io;

TEST_CASE("toml_document_text: floats print shortest and the text reads back equal",
          "[toml_text]") {
  const std::string source = R"(top = 1
[a]
fraction = 0.3
tiny = 1e-9
big = 2.5e20
whole = 20.0
text = "a \"quoted\" word"
when = 2024-06-03T00:00:00Z
list = [0.1, 0.2, 3]
model = { name = "constant", delay = "3s", weights = [0.5] }
[a.b]
flag = true
[[a.items]]
x = 1
[[a.items]]
x = 2
)";
  const toml::table root = parse_toml(source, "t.toml");
  const std::string text = toml_document_text(root);
  CHECK(text.find("fraction = 0.3\n") != std::string::npos);
  CHECK(text.find("0.29999999999999999") == std::string::npos);
  CHECK(text.find("whole = 20.0\n") != std::string::npos);
  CHECK(text.find("[[a.items]]") != std::string::npos);
  const toml::table again = parse_toml(text, "again.toml");
  CHECK(again == root);
}
