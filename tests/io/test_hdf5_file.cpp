#include <H5Cpp.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <thread>

#include "sim/io/hdf5_file.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim::sim;
using namespace lmsim::sim::io;
using lmsim::test::read_file;
using lmsim::test::TempDir;

namespace {

// A deterministic, non-repeating sequence (so compression cannot hide mistakes).
std::vector<double> ramp(std::size_t count, double scale) {
  std::vector<double> values(count);
  for (std::size_t i = 0; i < count; ++i) values[i] = scale * static_cast<double>(i) + 0.25;
  return values;
}

// One of everything the writer can do, in a fixed order: the content of the determinism tests.
void write_sample(const std::string& path, std::uint64_t seed) {
  Hdf5Writer writer(path);
  writer.set_attribute("/", "schema_version", 1);
  writer.set_attribute("/", "lmsim_version", "0.1.0");
  writer.set_attribute("/", "seed", seed);
  writer.create_group("/snapshots");
  writer.write("/snapshots/time", std::vector<std::int64_t>{0, 60'000'000'000, 120'000'000'000},
               "ns");
  writer.write("/snapshots/mid", ramp(1000, 0.5), "USD", Hdf5Compression{});
  writer.write("/miners/name", std::vector<std::string>{"alice", "bøb", "", "メイカー"}, "1");
  writer.write("/miners/flags", std::vector<std::uint8_t>{1, 0, 1, 1});
  writer.write("/miners/orders", std::vector<std::uint32_t>{7, 8, 9, 10});
  writer.write_matrix("/miners/share", ramp(12, 0.125), 3, 4, "1");
  writer.set_attribute("/miners/share", "note", "replaced below");
  writer.set_attribute("/miners/share", "note", "fraction of the pool");
  writer.set_attribute("/miners", "weights", std::vector<double>{0.5, 0.25, 0.25});
  {
    Hdf5AppendColumn<double> column(writer, "/stream/value", "USD");
    for (double value : ramp(70'000, 0.001)) column.append(value);
    Hdf5AppendRows<std::int64_t> rows(writer, "/stream/rows", 3, "lots");
    for (std::int64_t row = 0; row < 25'000; ++row) {
      const std::vector<std::int64_t> values = {row, -row, row * row};
      rows.append_row(values);
    }
    Hdf5AppendColumn<std::uint32_t> empty(writer, "/stream/empty");
    column.close();
    rows.close();
    empty.close();
  }
  writer.close();
}

// Writes a file of unrelated, varying content, so heap blocks HDF5 reuses afterwards hold
// something other than zeros or the sample's bytes.
void write_noise(const std::string& path) {
  Hdf5Writer writer(path);
  std::vector<double> noise(300'000);
  for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = std::sin(static_cast<double>(i) * 7.1);
  writer.write("/noise", noise, "", Hdf5Compression{9, false});
  writer.write("/text", std::vector<std::string>(5000, "garbage garbage garbage"));
  Hdf5AppendRows<double> rows(writer, "/a/b/c", 777);
  for (int row = 0; row < 50; ++row) rows.append_row(std::span(noise).subspan(0, 777));
  rows.close();
  writer.close();
}

// Runs `body` with stderr redirected to a file and returns what was printed.
template <typename Body>
std::string stderr_of(const TempDir& dir, Body&& body) {
  const std::string capture = dir.file("stderr.txt");
  std::fflush(stderr);
  const int saved = ::dup(2);
  const int target = ::open(capture.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ::dup2(target, 2);
  ::close(target);
  body();
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  return read_file(capture);
}

}  // namespace

TEST_CASE("Hdf5File: chunk shapes are whole rows of about 256 KiB", "[hdf5]") {
  CHECK(hdf5_chunk_shape(8, 1) == Hdf5ChunkShape{32'768, 1});
  CHECK(hdf5_chunk_shape(1, 1) == Hdf5ChunkShape{262'144, 1});
  CHECK(hdf5_chunk_shape(8, 10) == Hdf5ChunkShape{3'276, 10});
  CHECK(hdf5_chunk_shape(8, 3'000) == Hdf5ChunkShape{10, 3'000});
  // Wider than a chunk: cut into the fewest equal column blocks.
  CHECK(hdf5_chunk_shape(8, 40'000) == Hdf5ChunkShape{1, 20'000});
  CHECK(hdf5_chunk_shape(8, 32'769) == Hdf5ChunkShape{1, 16'385});
  CHECK(hdf5_chunk_shape(0, 0) == Hdf5ChunkShape{262'144, 1});
  CHECK(hdf5_chunk_shape(1 << 20, 1) == Hdf5ChunkShape{1, 1});
}

TEST_CASE("Hdf5File: compressed datasets of at most 4 KiB are stored compact", "[hdf5]") {
  const auto layout = [](std::size_t element_size, std::vector<std::uint64_t> dims,
                         Hdf5Compression compression = Hdf5Compression{}) {
    return hdf5_dataset_layout(element_size, dims, compression);
  };
  CHECK(layout(8, {512}) == Hdf5Layout::kCompact);
  CHECK(layout(8, {513}) == Hdf5Layout::kChunked);
  CHECK(layout(1, {4096}) == Hdf5Layout::kCompact);
  CHECK(layout(8, {64, 8}) == Hdf5Layout::kCompact);
  CHECK(layout(8, {64, 9}) == Hdf5Layout::kChunked);
  CHECK(layout(8, {0}) == Hdf5Layout::kContiguous);
  CHECK(layout(8, {5, 0}) == Hdf5Layout::kContiguous);
  CHECK(layout(8, {512}, Hdf5Compression::none()) == Hdf5Layout::kContiguous);
  // An unbounded length (a growing column asks so) does not overflow into "small".
  CHECK(layout(8, {std::numeric_limits<std::uint64_t>::max()}) == Hdf5Layout::kChunked);
  CHECK(layout(8, {std::uint64_t{1} << 61, 4}) == Hdf5Layout::kChunked);
  CHECK(hdf5_dataset_chunk(8, std::vector<std::uint64_t>{512}, Hdf5Compression{}).empty());
  CHECK(hdf5_dataset_chunk(8, std::vector<std::uint64_t>{513}, Hdf5Compression{}) ==
        std::vector<std::uint64_t>{513});

  const TempDir dir;
  const std::string path = dir.file("small.h5");
  std::vector<double> small(512);
  std::vector<double> large(513);
  for (std::size_t i = 0; i < large.size(); ++i) large[i] = 0.5 * static_cast<double>(i);
  std::copy_n(large.begin(), small.size(), small.begin());
  const std::vector<std::string> names{"a", "b"};
  {
    Hdf5Writer writer(path);
    writer.write("/small", small, "USDT", Hdf5Compression{});
    writer.write("/large", large, "USDT", Hdf5Compression{});
    writer.write("/names", names, kTextUnits, Hdf5Compression{});
    writer.close();
  }
  {
    const H5::H5File file(path, H5F_ACC_RDONLY);
    const H5::DSetCreatPropList compact = file.openDataSet("/small").getCreatePlist();
    CHECK(compact.getLayout() == H5D_COMPACT);
    CHECK(compact.getNfilters() == 0);
    CHECK(file.openDataSet("/names").getCreatePlist().getLayout() == H5D_COMPACT);
    CHECK(file.openDataSet("/large").getCreatePlist().getLayout() == H5D_CHUNKED);
  }
  const Hdf5Reader reader(path);
  CHECK(reader.read<double>("/small") == small);
  CHECK(reader.read<double>("/large") == large);
  CHECK(reader.read<std::string>("/names") == names);
  CHECK(reader.attribute<std::string>("/small", "units") == "USDT");
}

TEST_CASE("Hdf5File: 1-D datasets of every type round-trip", "[hdf5]") {
  const TempDir dir;
  const std::string path = dir.file("r.h5");
  const std::vector<std::int64_t> int64s = {0, -1, std::numeric_limits<std::int64_t>::min(),
                                            std::numeric_limits<std::int64_t>::max()};
  const std::vector<std::uint64_t> uint64s = {0, std::numeric_limits<std::uint64_t>::max()};
  const std::vector<std::uint32_t> uint32s = {0, 1, 4'294'967'295u};
  const std::vector<std::uint8_t> uint8s = {0, 127, 255};
  const std::vector<double> doubles = {0.0,    -0.0,   1.0 / 3.0,
                                       -1e300, 5e-324, std::numeric_limits<double>::infinity()};
  const std::vector<std::string> strings = {"ETH-USDT", "", "naïve — ünïcödé", "日本語", "x"};
  for (const Hdf5Compression compression : {Hdf5Compression::none(), Hdf5Compression{}}) {
    {
      Hdf5Writer writer(path);
      writer.write("/i64", int64s, "ns", compression);
      writer.write("/u64", uint64s, "", compression);
      writer.write("/u32", std::span<const std::uint32_t>(uint32s), "", compression);
      writer.write("/u8", uint8s, "", compression);
      writer.write("/f64", doubles, "USD", compression);
      writer.write("/str", strings, "", compression);
      writer.write("/nan", std::vector<double>{std::nan("")}, "", compression);
      writer.write("/empty/f64", std::vector<double>{}, "", compression);
      writer.write("/empty/str", std::vector<std::string>{}, "", compression);
      writer.close();
    }
    const Hdf5Reader reader(path);
    CHECK(reader.read<std::int64_t>("/i64") == int64s);
    CHECK(reader.read<std::uint64_t>("/u64") == uint64s);
    CHECK(reader.read<std::uint32_t>("/u32") == uint32s);
    CHECK(reader.read<std::uint8_t>("/u8") == uint8s);
    CHECK(reader.read<double>("/f64") == doubles);
    CHECK(std::signbit(reader.read<double>("/f64")[1]));
    CHECK(std::isnan(reader.read<double>("/nan").at(0)));
    CHECK(reader.read<std::string>("/str") == strings);
    CHECK(reader.read<double>("/empty/f64").empty());
    CHECK(reader.read<std::string>("/empty/str").empty());
    CHECK(reader.dims("/i64") == std::vector<std::uint64_t>{4});
    CHECK(reader.dims("/empty/f64") == std::vector<std::uint64_t>{0});
    CHECK(reader.attribute<std::string>("/i64", "units") == "ns");
    CHECK(reader.attribute<std::string>("/f64", std::string(kHdf5UnitsAttribute)) == "USD");
    CHECK_FALSE(reader.has_attribute("/u64", "units"));
  }
}

TEST_CASE("Hdf5File: 2-D datasets round-trip row-major", "[hdf5]") {
  const TempDir dir;
  const std::string path = dir.file("m.h5");
  const std::vector<double> values = ramp(6, 1.5);
  const std::vector<std::int64_t> integers = {1, 2, 3, 4, 5, 6};
  const std::vector<std::string> names = {"a", "bb", "ccc", "dddd"};
  {
    Hdf5Writer writer(path);
    writer.write_matrix("/m/f64", values, 2, 3, "USD");
    writer.write_matrix("/m/i64", integers, 3, 2, "", Hdf5Compression{});
    writer.write_matrix("/m/str", names, 2, 2);
    writer.write_matrix("/m/none", std::vector<std::uint8_t>{}, 0, 5, "", Hdf5Compression{});
    CHECK_THROWS_WITH(writer.write_matrix("/m/bad", values, 4, 2),
                      path + ": /m/bad: matrix of 4 × 2 needs 8 values (got 6)");
    writer.close();
  }
  const Hdf5Reader reader(path);
  const Hdf5Matrix<double> f64 = reader.read_matrix<double>("/m/f64");
  CHECK(f64.rows == 2);
  CHECK(f64.columns == 3);
  CHECK(f64.values == values);
  CHECK(f64.at(1, 0) == values[3]);
  const Hdf5Matrix<std::int64_t> i64 = reader.read_matrix<std::int64_t>("/m/i64");
  CHECK(i64.rows == 3);
  CHECK(i64.columns == 2);
  CHECK(i64.values == integers);
  CHECK(reader.read_matrix<std::string>("/m/str").values == names);
  const Hdf5Matrix<std::uint8_t> none = reader.read_matrix<std::uint8_t>("/m/none");
  CHECK(none.rows == 0);
  CHECK(none.columns == 5);
  CHECK(reader.dims("/m/f64") == std::vector<std::uint64_t>{2, 3});
  CHECK_FALSE(reader.exists("/m/bad"));
}

TEST_CASE("Hdf5File: attributes on the file, groups and datasets", "[hdf5]") {
  const TempDir dir;
  const std::string path = dir.file("a.h5");
  {
    Hdf5Writer writer(path);
    writer.create_group("/g");
    writer.write("/g/d", std::vector<double>{1.0});
    writer.set_attribute("/", "title", "lmsim résultats ✓");
    writer.set_attribute("/", "empty", "");
    writer.set_attribute("/", "count", 42);
    writer.set_attribute("/", "lowest", std::numeric_limits<std::int64_t>::min());
    writer.set_attribute("/", "seed", std::numeric_limits<std::uint64_t>::max());
    writer.set_attribute("/g", "budget", 1234.5);
    writer.set_attribute("/g", "budget", -0.125);  // replaces
    writer.set_attribute("/g/d", "weights", std::vector<double>{0.5, 1e-9, 3.0});
    writer.set_attribute("/g/d", "none", std::vector<double>{});
    writer.set_attribute("g//d/", "path", std::string("normalized"));
    writer.close();
  }
  const Hdf5Reader reader(path);
  CHECK(reader.attribute<std::string>("/", "title") == "lmsim résultats ✓");
  CHECK(reader.attribute<std::string>("/", "empty").empty());
  CHECK(reader.attribute<std::int64_t>("/", "count") == 42);
  CHECK(reader.attribute<std::int64_t>("/", "lowest") == std::numeric_limits<std::int64_t>::min());
  CHECK(reader.attribute<std::uint64_t>("/", "seed") == std::numeric_limits<std::uint64_t>::max());
  CHECK(reader.attribute<double>("/g", "budget") == -0.125);
  CHECK(reader.attribute<std::vector<double>>("/g/d", "weights") ==
        std::vector<double>{0.5, 1e-9, 3.0});
  CHECK(reader.attribute<std::vector<double>>("/g/d", "none").empty());
  CHECK(reader.attribute<std::vector<double>>("/g", "budget") == std::vector<double>{-0.125});
  CHECK(reader.attribute<std::string>("/g/d", "path") == "normalized");
  CHECK(reader.has_attribute("/g", "budget"));
  CHECK_FALSE(reader.has_attribute("/g", "nope"));
  CHECK_FALSE(reader.has_attribute("/nowhere", "budget"));
}

TEST_CASE("Hdf5File: groups are created with their parents and listed", "[hdf5]") {
  const TempDir dir;
  const std::string path = dir.file("g.h5");
  {
    Hdf5Writer writer(path);
    writer.create_group("/a/b/c");
    writer.create_group("/a/b");  // exists already: nothing happens
    writer.write("/a/z", std::vector<std::uint8_t>{1});
    writer.write("/a/b/c/d/e", std::vector<std::uint8_t>{2});
    CHECK_THROWS_WITH(writer.create_group("/a/z/y"), path + ": /a/z: not a group");
    CHECK_THROWS_WITH(writer.write("/a/z/w", std::vector<std::uint8_t>{3}),
                      path + ": /a/z: not a group");
    CHECK_THROWS_WITH(writer.write("/a/z", std::vector<std::uint8_t>{3}),
                      path + ": /a/z: already exists");
    CHECK_THROWS_WITH(writer.write("/", std::vector<std::uint8_t>{3}),
                      path + ": /: the root group cannot be a dataset");
    writer.close();
  }
  const Hdf5Reader reader(path);
  CHECK(reader.exists("/"));
  CHECK(reader.exists("/a/b/c"));
  CHECK(reader.exists("a/b/c/d/e"));
  CHECK_FALSE(reader.exists("/a/q"));
  CHECK_FALSE(reader.exists("/a/z/below-a-dataset"));
  CHECK(reader.is_group("/a/b/c/d"));
  CHECK_FALSE(reader.is_group("/a/z"));
  CHECK_FALSE(reader.is_group("/missing"));
  CHECK(reader.members("/") == std::vector<std::string>{"a"});
  CHECK(reader.members("/a") == std::vector<std::string>{"b", "z"});
  CHECK(reader.read<std::uint8_t>("/a/b/c/d/e") == std::vector<std::uint8_t>{2});
}

TEST_CASE("Hdf5File: appended columns cross chunk boundaries", "[hdf5]") {
  const TempDir dir;
  const std::string path = dir.file("c.h5");
  const std::size_t chunk = hdf5_chunk_shape(8, 1).rows;
  const std::vector<double> expected = ramp(2 * chunk + chunk / 2 + 3, 0.01);
  std::vector<std::uint8_t> bytes(3 * hdf5_chunk_shape(1, 1).rows + 1);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 31);
  {
    Hdf5Writer writer(path);
    Hdf5AppendColumn<double> column(writer, "/s/value", "USD");
    // One by one up to just short of a chunk, then a block spanning two boundaries, then the rest.
    for (std::size_t i = 0; i + 1 < chunk; ++i) column.append(expected[i]);
    column.append(std::span(expected).subspan(chunk - 1, chunk + 10));
    column.append(std::span(expected).subspan(2 * chunk + 9));
    CHECK(column.size() == expected.size());
    // Attributes can be added to a dataset that is still being appended to.
    writer.set_attribute("/s/value", "description", "mid price");
    Hdf5AppendColumn<std::uint8_t> small(writer, "/s/bytes", "1", Hdf5Compression{1, false});
    small.append(bytes);
    // Exactly one chunk: no partial last block.
    Hdf5AppendColumn<std::int64_t> exact(writer, "/s/exact");
    for (std::size_t i = 0; i < chunk; ++i) exact.append(static_cast<std::int64_t>(i) - 5);
    CHECK_THROWS_WITH(writer.close(), Catch::Contains("3 object(s) still open"));
    column.close();
    small.close();
    exact.close();
    CHECK_THROWS_WITH(column.append(1.0), path + ": /s/value: appended to after close()");
    writer.close();
  }
  const Hdf5Reader reader(path);
  CHECK(reader.read<double>("/s/value") == expected);
  CHECK(reader.attribute<std::string>("/s/value", "units") == "USD");
  CHECK(reader.attribute<std::string>("/s/value", "description") == "mid price");
  CHECK(reader.read<std::uint8_t>("/s/bytes") == bytes);
  const std::vector<std::int64_t> exact = reader.read<std::int64_t>("/s/exact");
  REQUIRE(exact.size() == chunk);
  CHECK(exact.front() == -5);
  CHECK(exact.back() == static_cast<std::int64_t>(chunk) - 6);
}

TEST_CASE("Hdf5File: appended rows, including rows wider than a chunk", "[hdf5]") {
  const TempDir dir;
  const std::string path = dir.file("r.h5");
  const std::size_t narrow_chunk = hdf5_chunk_shape(8, 10).rows;
  const std::size_t narrow_rows = 2 * narrow_chunk + 17;
  const std::size_t wide = 40'001;  // three column blocks, one row per chunk
  {
    Hdf5Writer writer(path);
    // Appenders are movable, e.g. into a vector with one per column.
    std::vector<Hdf5AppendRows<double>> appenders;
    appenders.emplace_back(writer, "/narrow", 10, "USD");
    appenders.emplace_back(writer, "/wide", wide);
    std::vector<double> row(10);
    for (std::size_t r = 0; r < narrow_rows; ++r) {
      for (std::size_t c = 0; c < row.size(); ++c) row[c] = static_cast<double>(r * 10 + c);
      appenders[0].append_row(row);
    }
    for (std::size_t r = 0; r < 3; ++r) {
      std::vector<double> wide_row(wide);
      for (std::size_t c = 0; c < wide; ++c)
        wide_row[c] = static_cast<double>(r) * 1e6 + static_cast<double>(c);
      appenders[1].append_row(wide_row);
    }
    CHECK_THROWS_WITH(appenders[0].append_row(std::vector<double>(9)),
                      path + ": /narrow: row has 9 values, expected 10");
    CHECK(appenders[0].rows() == narrow_rows);
    CHECK(appenders[1].columns() == wide);
    for (auto& appender : appenders) appender.close();
    writer.close();
  }
  const Hdf5Reader reader(path);
  const Hdf5Matrix<double> narrow = reader.read_matrix<double>("/narrow");
  CHECK(narrow.rows == narrow_rows);
  CHECK(narrow.columns == 10);
  bool all_equal = true;
  for (std::size_t i = 0; i < narrow.values.size(); ++i) {
    all_equal = all_equal && narrow.values[i] == static_cast<double>(i);
  }
  CHECK(all_equal);
  const Hdf5Matrix<double> wide_matrix = reader.read_matrix<double>("/wide");
  CHECK(wide_matrix.rows == 3);
  CHECK(wide_matrix.columns == wide);
  CHECK(wide_matrix.at(2, wide - 1) == 2e6 + static_cast<double>(wide - 1));
  CHECK(wide_matrix.at(1, 20'000) == 1e6 + 20'000);
}

TEST_CASE("Hdf5File: appendable datasets with no rows are valid", "[hdf5]") {
  const TempDir dir;
  const std::string path = dir.file("e.h5");
  {
    Hdf5Writer writer(path);
    Hdf5AppendColumn<double> column(writer, "/empty/column", "s");
    Hdf5AppendRows<std::uint32_t> rows(writer, "/empty/rows", 7);
    column.append(std::span<const double>());
    column.close();
    rows.close();
    {
      // Never closed explicitly: the destructor writes what was appended.
      Hdf5AppendColumn<std::int64_t> implicit(writer, "/implicit");
      implicit.append(11);
      implicit.append(12);
    }
    CHECK_THROWS_WITH(Hdf5AppendRows<double>(writer, "/zero", 0),
                      path + ": /zero: an appendable 2-D dataset needs at least one column");
    writer.close();
  }
  const Hdf5Reader reader(path);
  CHECK(reader.dims("/empty/column") == std::vector<std::uint64_t>{0});
  CHECK(reader.read<double>("/empty/column").empty());
  CHECK(reader.attribute<std::string>("/empty/column", "units") == "s");
  CHECK(reader.dims("/empty/rows") == std::vector<std::uint64_t>{0, 7});
  const Hdf5Matrix<std::uint32_t> rows = reader.read_matrix<std::uint32_t>("/empty/rows");
  CHECK(rows.rows == 0);
  CHECK(rows.columns == 7);
  CHECK(rows.values.empty());
  CHECK(reader.read<std::int64_t>("/implicit") == std::vector<std::int64_t>{11, 12});
}

TEST_CASE("Hdf5File: compression is applied", "[hdf5]") {
  const TempDir dir;
  const std::size_t count = 1'000'000;  // 8 MB of doubles
  {
    Hdf5Writer writer(dir.file("streamed.h5"));
    Hdf5AppendColumn<double> column(writer, "/constant");
    for (std::size_t i = 0; i < count; ++i) column.append(42.5);
    column.close();
    writer.close();
  }
  const std::vector<double> constant(count, 42.5);
  {
    Hdf5Writer writer(dir.file("whole.h5"));
    writer.write("/constant", constant, "", Hdf5Compression{});
    writer.close();
  }
  {
    Hdf5Writer writer(dir.file("plain.h5"));
    writer.write("/constant", constant);
    writer.close();
  }
  CHECK(std::filesystem::file_size(dir.file("streamed.h5")) < 100'000);
  CHECK(std::filesystem::file_size(dir.file("whole.h5")) < 100'000);
  CHECK(std::filesystem::file_size(dir.file("plain.h5")) > 8'000'000);
  CHECK(Hdf5Reader(dir.file("streamed.h5")).read<double>("/constant") == constant);
  CHECK(Hdf5Reader(dir.file("whole.h5")).read<double>("/constant") == constant);
}

TEST_CASE("Hdf5File: the same writes give byte-identical files", "[hdf5]") {
  const TempDir dir;
  write_sample(dir.file("first.h5"), 7);
  write_noise(dir.file("noise.h5"));
  write_sample(dir.file("second.h5"), 7);
  // Overwriting an existing file truncates it: same bytes again.
  write_noise(dir.file("third.h5"));
  write_sample(dir.file("third.h5"), 7);
  write_sample(dir.file("other-seed.h5"), 8);
  const std::string first = read_file(dir.file("first.h5"));
  REQUIRE(first.size() > 1000);
  CHECK(first == read_file(dir.file("second.h5")));
  CHECK(first == read_file(dir.file("third.h5")));
  CHECK(first != read_file(dir.file("other-seed.h5")));
  // The library-version bounds are pinned to 1.8: superblock version 2 (the default would be 0).
  CHECK(first.substr(0, 8) == "\x89HDF\r\n\x1a\n");
  CHECK(first[8] == 2);

  const Hdf5Reader reader(dir.file("first.h5"));
  CHECK(reader.read<double>("/stream/value").size() == 70'000);
  CHECK(reader.dims("/stream/rows") == std::vector<std::uint64_t>{25'000, 3});
  CHECK(reader.read_matrix<std::int64_t>("/stream/rows").at(24'999, 2) == 24'999LL * 24'999);
  CHECK(reader.read<std::string>("/miners/name")[3] == "メイカー");
  CHECK(reader.attribute<std::string>("/miners/share", "note") == "fraction of the pool");
}

TEST_CASE("Hdf5File: no time is stored in the file", "[hdf5]") {
  const TempDir dir;
  write_sample(dir.file("before.h5"), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  write_sample(dir.file("after.h5"), 1);
  CHECK(read_file(dir.file("before.h5")) == read_file(dir.file("after.h5")));
}

TEST_CASE("Hdf5File: reading errors name the file and the object", "[hdf5]") {
  const TempDir dir;
  const std::string path = dir.file("x.h5");
  {
    Hdf5Writer writer(path);
    writer.write("/snapshots/mid", std::vector<double>{1.0, 2.0}, "USD");
    writer.write_matrix("/snapshots/matrix", std::vector<std::int64_t>{1, 2}, 1, 2);
    writer.close();
  }
  const Hdf5Reader reader(path);
  CHECK_THROWS_AS(reader.read<double>("/snapshots/time"), Hdf5Error);
  CHECK_THROWS_WITH(reader.read<double>("/snapshots/time"),
                    path + ": /snapshots/time: dataset not found");
  CHECK_THROWS_WITH(reader.read<double>("/nowhere/at/all"),
                    path + ": /nowhere/at/all: dataset not found");
  CHECK_THROWS_WITH(reader.read<double>("/snapshots/mid/below"),
                    path + ": /snapshots/mid/below: dataset not found");
  CHECK_THROWS_WITH(reader.read<double>("/snapshots"),
                    path + ": /snapshots: is a group, not a dataset");
  CHECK_THROWS_WITH(reader.dims("/snapshots"), path + ": /snapshots: is a group, not a dataset");
  CHECK_THROWS_WITH(reader.read<std::int64_t>("/snapshots/mid"),
                    path + ": /snapshots/mid: stored as float64, not int64");
  CHECK_THROWS_WITH(reader.read<std::string>("/snapshots/mid"),
                    path + ": /snapshots/mid: stored as float64, not string");
  CHECK_THROWS_WITH(reader.read<std::uint64_t>("/snapshots/matrix"),
                    path + ": /snapshots/matrix: has 2 dimension(s), expected 1");
  CHECK_THROWS_WITH(reader.read_matrix<double>("/snapshots/mid"),
                    path + ": /snapshots/mid: has 1 dimension(s), expected 2");
  CHECK_THROWS_WITH(reader.attribute<std::string>("/snapshots/mid", "unit"),
                    path + ": /snapshots/mid: attribute \"unit\" not found");
  CHECK_THROWS_WITH(reader.attribute<double>("/snapshots/mid", "units"),
                    path + ": /snapshots/mid: attribute \"units\" stored as string, not float64");
  CHECK_THROWS_WITH(reader.attribute<double>("/snapshots/none", "units"),
                    path + ": /snapshots/none: not found");
  CHECK_THROWS_WITH(reader.members("/snapshots/mid"), path + ": /snapshots/mid: not a group");
}

TEST_CASE("Hdf5File: unreadable files are clear errors", "[hdf5]") {
  const TempDir dir;
  const std::string missing = dir.file("missing.h5");
  CHECK_THROWS_WITH(Hdf5Reader(missing), missing + ": cannot open: no such file");
  const std::string text = dir.write("results.h5", "snapshot,mid\n1,2\n");
  CHECK_THROWS_WITH(Hdf5Reader(text), text + ": not an HDF5 file");
  const std::string empty = dir.write("empty.h5", "");
  CHECK_THROWS_WITH(Hdf5Reader(empty), empty + ": not an HDF5 file");
  CHECK_THROWS_WITH(Hdf5Reader(dir.path()),
                    dir.path().string() + ": cannot open: not a regular file");
  // A file cut short after its superblock.
  write_sample(dir.file("whole.h5"), 3);
  const std::string whole = read_file(dir.file("whole.h5"));
  const std::string cut = dir.write("cut.h5", whole.substr(0, 200));
  CHECK_THROWS_WITH(Hdf5Reader(cut),
                    cut +
                        ": cannot open (HDF5: truncated file: eof = 200, sblock->base_addr = 0, "
                        "stored_eof = " +
                        std::to_string(whole.size()) + ")");
}

TEST_CASE("Hdf5File: writing errors name the file and the object", "[hdf5]") {
  const TempDir dir;
  const std::string nowhere = dir.file("no/such/dir/r.h5");
  CHECK_THROWS_WITH(Hdf5Writer(nowhere),
                    nowhere + ": cannot create file: No such file or directory");
  const std::string path = dir.file("w.h5");
  Hdf5Writer writer(path);
  CHECK_THROWS_WITH(writer.write("/s", std::vector<std::string>{"ok", std::string("a\0b", 3)}),
                    path +
                        ": /s: value 1 contains a NUL character, which fixed-length strings "
                        "cannot hold");
  CHECK_THROWS_WITH(writer.set_attribute("/", "a", std::string("\0", 1)),
                    path +
                        ": /: attribute \"a\": value 0 contains a NUL character, which "
                        "fixed-length strings cannot hold");
  CHECK_THROWS_WITH(writer.write("/d", std::vector<double>{1.0}, "", Hdf5Compression{10, true}),
                    path + ": /d: deflate level must be 0 to 9 (got 10)");
  CHECK_THROWS_WITH(writer.set_attribute("/missing", "a", 1.0), path + ": /missing: not found");
  CHECK_THROWS_WITH(Hdf5AppendColumn<double>(writer, "/", "x"),
                    path + ": /: the root group cannot be a dataset");
  writer.close();
  writer.close();  // a second close does nothing
  CHECK_THROWS_WITH(writer.create_group("/late"), path + ": written to after close()");
}

TEST_CASE("Hdf5File: HDF5 prints nothing on errors", "[hdf5]") {
  const TempDir dir;
  const std::string path = dir.file("quiet.h5");
  {
    Hdf5Writer writer(path);
    writer.write("/d", std::vector<double>{1.0});
    writer.close();
  }
  const std::string printed = stderr_of(dir, [&] {
    const Hdf5Reader reader(path);
    CHECK_THROWS(reader.read<double>("/missing"));
    CHECK_THROWS(reader.attribute<double>("/d", "missing"));
    CHECK_THROWS(Hdf5Reader(dir.write("bad.h5", "not hdf5")));
    CHECK_THROWS(Hdf5Writer(dir.file("no/dir/x.h5")));
    // A raw C API failure, after our constructors switched automatic printing off.
    CHECK(H5Fopen(dir.file("absent.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT) < 0);
  });
  CHECK(printed.empty());
}

TEST_CASE("Hdf5File: reads variable-length strings written by other tools", "[hdf5]") {
  const TempDir dir;
  const std::string path = dir.file("vlen.h5");
  {
    // What h5py writes for a list of str: variable-length UTF-8.
    H5::H5File file(path, H5F_ACC_TRUNC);
    H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
    type.setCset(H5T_CSET_UTF8);
    const char* values[] = {"alpha", "", "βeta"};
    const hsize_t dims[] = {3};
    H5::DataSet dataset = file.createDataSet("names", type, H5::DataSpace(1, dims));
    dataset.write(values, type);
    const std::string value = "vlen attribute";
    const char* pointer = value.c_str();
    H5::Attribute attribute = dataset.createAttribute("note", type, H5::DataSpace(H5S_SCALAR));
    attribute.write(type, &pointer);
    // Space-padded fixed-length ASCII, as Fortran programs write.
    H5::StrType padded(H5::PredType::C_S1, 4);
    padded.setStrpad(H5T_STR_SPACEPAD);
    const hsize_t two[] = {2};
    file.createDataSet("padded", padded, H5::DataSpace(1, two)).write("ab  cd  ", padded);
    // A big-endian integer column: byte order is converted, the type is still int64.
    const std::int64_t numbers[] = {-2, 300};
    file.createDataSet("big_endian", H5::PredType::STD_I64BE, H5::DataSpace(1, two))
        .write(numbers, H5::PredType::NATIVE_INT64);
    file.createDataSet("int32", H5::PredType::STD_I32LE, H5::DataSpace(1, two))
        .write(numbers, H5::PredType::NATIVE_INT64);
  }
  const Hdf5Reader reader(path);
  CHECK(reader.read<std::string>("/names") == std::vector<std::string>{"alpha", "", "βeta"});
  CHECK(reader.attribute<std::string>("/names", "note") == "vlen attribute");
  CHECK(reader.read<std::string>("/padded") == std::vector<std::string>{"ab", "cd"});
  CHECK(reader.read<std::int64_t>("/big_endian") == std::vector<std::int64_t>{-2, 300});
  CHECK_THROWS_WITH(reader.read<std::int64_t>("/int32"),
                    path + ": /int32: stored as int32, not int64");
}

TEST_CASE("Hdf5File: storage is as documented", "[hdf5]") {
  const TempDir dir;
  const std::string path = dir.file("sample.h5");
  write_sample(path, 5);
  const H5::H5File file(path, H5F_ACC_RDONLY);

  // No object carries a time.
  for (const char* object : {"/", "/snapshots", "/snapshots/time", "/snapshots/mid", "/miners",
                             "/stream/value", "/stream/rows", "/stream/empty"}) {
    H5O_info_t info;
    file.getObjinfo(object, info, H5O_INFO_TIME);
    INFO(object);
    CHECK(info.atime == 0);
    CHECK(info.mtime == 0);
    CHECK(info.ctime == 0);
    CHECK(info.btime == 0);
  }

  // Strings: fixed-length, as wide as the longest (in bytes), NUL-padded UTF-8.
  const H5::StrType names = file.openDataSet("/miners/name").getStrType();
  CHECK_FALSE(names.isVariableStr());
  CHECK(names.getSize() == std::string("メイカー").size());
  CHECK(names.getCset() == H5T_CSET_UTF8);
  CHECK(names.getStrpad() == H5T_STR_NULLPAD);

  // Numbers: little-endian standard types.
  CHECK(file.openDataSet("/snapshots/time").getDataType() == H5::PredType::STD_I64LE);
  CHECK(file.openDataSet("/miners/orders").getDataType() == H5::PredType::STD_U32LE);
  CHECK(file.openDataSet("/snapshots/mid").getDataType() == H5::PredType::IEEE_F64LE);

  // Whole datasets without compression are contiguous; with it, chunked and filtered.
  CHECK(file.openDataSet("/snapshots/time").getCreatePlist().getLayout() == H5D_CONTIGUOUS);
  const H5::DSetCreatPropList mid = file.openDataSet("/snapshots/mid").getCreatePlist();
  CHECK(mid.getLayout() == H5D_CHUNKED);
  hsize_t mid_chunk[1] = {0};
  CHECK(mid.getChunk(1, mid_chunk) == 1);
  CHECK(mid_chunk[0] == 1000);  // the extent, which is smaller than a default chunk

  // Appendable datasets: chunks of hdf5_chunk_shape, shuffle then deflate at level 4.
  const H5::DSetCreatPropList rows = file.openDataSet("/stream/rows").getCreatePlist();
  hsize_t chunk[2] = {0, 0};
  REQUIRE(rows.getChunk(2, chunk) == 2);
  const Hdf5ChunkShape expected = hdf5_chunk_shape(8, 3);
  CHECK(chunk[0] == expected.rows);
  CHECK(chunk[1] == expected.columns);
  REQUIRE(rows.getNfilters() == 2);
  unsigned flags = 0;
  unsigned config = 0;
  std::size_t count = 1;
  unsigned level = 0;
  char name[32];
  CHECK(rows.getFilter(0, flags, count, &level, sizeof name, name, config) == H5Z_FILTER_SHUFFLE);
  count = 1;
  CHECK(rows.getFilter(1, flags, count, &level, sizeof name, name, config) == H5Z_FILTER_DEFLATE);
  CHECK(level == 1);  // the default (docs/results.md)
  const H5::DataSpace space = file.openDataSet("/stream/rows").getSpace();
  hsize_t dims[2] = {0, 0};
  hsize_t max_dims[2] = {0, 0};
  space.getSimpleExtentDims(dims, max_dims);
  CHECK(max_dims[0] == H5S_UNLIMITED);
  CHECK(max_dims[1] == 3);
}

TEST_CASE("Hdf5File: 1-D datasets are read in slices", "[hdf5]") {
  const TempDir dir;
  const std::string path = dir.file("slices.h5");
  const std::size_t chunk = hdf5_chunk_shape(8, 1).rows;
  std::vector<std::int64_t> values(3 * chunk + 17);
  for (std::size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<std::int64_t>(i * i) - 1000;
  std::vector<std::uint8_t> bytes(1000);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 7);
  {
    Hdf5Writer writer(path);
    Hdf5AppendColumn<std::int64_t> column(writer, "/events/value", "ns");
    column.append(values);
    column.close();
    writer.write("/plain/bytes", bytes);  // contiguous, uncompressed
    writer.write("/plain/empty", std::vector<double>{});
    writer.write_matrix("/plain/matrix", std::vector<double>{1, 2, 3, 4}, 2, 2);
    writer.write("/plain/text", std::vector<std::string>{"a"});
    writer.close();
  }
  const Hdf5Reader reader(path);

  SECTION("an open column reads any slice, across chunk boundaries") {
    const Hdf5ColumnReader<std::int64_t> column(reader, "events/value");
    REQUIRE(column.size() == values.size());
    // Front to back in slices that do not divide the chunk, as a streaming reader does.
    std::vector<std::int64_t> got;
    std::vector<std::int64_t> slice(10'007);
    for (std::uint64_t first = 0; first < column.size(); first += slice.size()) {
      const std::size_t count =
          static_cast<std::size_t>(std::min<std::uint64_t>(slice.size(), column.size() - first));
      column.read(first, std::span(slice).first(count));
      got.insert(got.end(), slice.begin(), slice.begin() + static_cast<std::ptrdiff_t>(count));
    }
    CHECK(got == values);
    // Backwards and overlapping slices read the same values.
    std::vector<std::int64_t> tail(20);
    column.read(values.size() - 20, tail);
    CHECK(tail == std::vector<std::int64_t>(values.end() - 20, values.end()));
    column.read(chunk - 3, std::span(tail).first(6));
    CHECK(tail[0] == values[chunk - 3]);
    CHECK(tail[5] == values[chunk + 2]);
    // Empty slices, also at the very end.
    column.read(values.size(), std::span<std::int64_t>());
    column.read(0, std::span<std::int64_t>());
  }

  SECTION("read_rows reads one slice of contiguous and chunked datasets") {
    std::vector<std::uint8_t> middle(100);
    reader.read_rows<std::uint8_t>("/plain/bytes", 450, middle);
    CHECK(middle == std::vector<std::uint8_t>(bytes.begin() + 450, bytes.begin() + 550));
    std::vector<std::int64_t> one(1);
    reader.read_rows<std::int64_t>("/events/value", chunk, one);
    CHECK(one[0] == values[chunk]);
    reader.read_rows<double>("/plain/empty", 0, std::span<double>());
  }

  SECTION("errors name the file and the dataset") {
    std::vector<std::int64_t> buffer(10);
    const Hdf5ColumnReader<std::int64_t> column(reader, "/events/value");
    CHECK_THROWS_WITH(column.read(values.size() - 5, buffer),
                      path + ": /events/value: cannot read elements " +
                          std::to_string(values.size() - 5) + " to " +
                          std::to_string(values.size() + 5) + ": the dataset has " +
                          std::to_string(values.size()));
    CHECK_THROWS_WITH(column.read(std::numeric_limits<std::uint64_t>::max(), buffer),
                      Catch::Contains("cannot read elements"));
    CHECK_THROWS_WITH(Hdf5ColumnReader<std::uint64_t>(reader, "/events/value"),
                      path + ": /events/value: stored as int64, not uint64");
    CHECK_THROWS_WITH(Hdf5ColumnReader<std::int64_t>(reader, "/events/missing"),
                      path + ": /events/missing: dataset not found");
    CHECK_THROWS_WITH(Hdf5ColumnReader<std::int64_t>(reader, "/events"),
                      path + ": /events: is a group, not a dataset");
    CHECK_THROWS_WITH(Hdf5ColumnReader<double>(reader, "/plain/matrix"),
                      path + ": /plain/matrix: has 2 dimension(s), expected 1");
    CHECK_THROWS_WITH(Hdf5SliceReader(reader, "/plain/text", Hdf5Type::kString),
                      path + ": /plain/text: strings cannot be read in slices (read them whole)");
    CHECK_THROWS_WITH(reader.read_rows<std::uint8_t>("/plain/bytes", 999, std::span(bytes)),
                      Catch::Contains("/plain/bytes: cannot read elements 999 to 1999"));
  }
}

namespace {

// In a child process whose files may not grow past 64 KiB (RLIMIT_FSIZE, SIGXFSZ ignored, as a
// full disk would refuse them), writes `rows` appended rows and whole datasets; returns what the
// child saw: 0 when every write after the refused one failed with the operating system's reason
// and the file then closed, else a code saying what went wrong (128 + signal when it crashed).
int write_past_a_file_size_limit(const std::string& path, bool append) {
  const pid_t child = ::fork();
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{64 * 1024, 64 * 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    int outcome = 10;  // no write was refused
    try {
      Hdf5Writer writer(path);
      if (append) {
        Hdf5AppendColumn<double> column(writer, "/a/x", "1");
        for (int i = 0; i < 1'000'000; ++i) column.append(static_cast<double>(i) * 0.37);
        column.close();
      } else {
        for (int i = 0; i < 100; ++i) writer.write("/d" + std::to_string(i), ramp(4096, 0.5), "1");
      }
      writer.close();
    } catch (const Hdf5Error& error) {
      const std::string text = error.what();
      outcome = text.rfind(path + ": /", 0) == 0 && text.ends_with(": File too large") ? 0 : 11;
    }
    ::_exit(outcome);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TEST_CASE("Hdf5File: a write the operating system refuses names the file and its reason",
          "[hdf5]") {
  const TempDir dir;
  CHECK(write_past_a_file_size_limit(dir.file("whole.h5"), false) == 0);
  CHECK(write_past_a_file_size_limit(dir.file("appended.h5"), true) == 0);
}

TEST_CASE("Hdf5File: slices of every chunked pipeline read as HDF5 wrote them", "[hdf5]") {
  // The slice reader undoes deflate (and shuffle) itself for the pipelines lmsim writes; any
  // other storage goes through HDF5. Each must read back what HDF5 was given.
  const TempDir dir;
  const std::string path = dir.file("pipelines.h5");
  constexpr hsize_t kChunk = 1000;
  std::vector<std::int64_t> smooth(4 * kChunk + 123);
  for (std::size_t i = 0; i < smooth.size(); ++i) smooth[i] = static_cast<std::int64_t>(i) * 3 - 7;
  const auto write = [&](const char* name, const std::vector<std::int64_t>& values, bool shuffle,
                         bool fletcher, hsize_t rows) {
    H5::H5File file(path, H5F_ACC_RDWR);
    H5::DSetCreatPropList creation;
    creation.setChunk(1, &kChunk);
    if (shuffle) creation.setShuffle();
    creation.setDeflate(4);
    if (fletcher) creation.setFletcher32();
    const hsize_t dims[] = {values.size()};
    const H5::DataSpace space(1, dims);
    const H5::DataSet dataset = file.createDataSet(name, H5::PredType::STD_I64LE, space, creation);
    const hsize_t extent[] = {rows};
    const hsize_t start[] = {0};
    H5::DataSpace part = dataset.getSpace();
    part.selectHyperslab(H5S_SELECT_SET, extent, start);
    dataset.write(values.data(), H5::PredType::NATIVE_INT64, H5::DataSpace(1, extent), part);
  };
  H5::H5File(path, H5F_ACC_TRUNC).close();
  write("/deflate", smooth, false, false, smooth.size());
  write("/shuffled", smooth, true, false, smooth.size());
  write("/skipped", smooth, true, false, smooth.size());
  write("/fletcher", smooth, true, true, smooth.size());
  write("/partly", smooth, true, false, 2 * kChunk);  // the last chunks never written
  {
    // A writer may store a chunk with an optional filter skipped (HDF5 does for a chunk that
    // deflate cannot shrink): chunk 1 of /skipped is stored shuffled, not deflated.
    const H5::H5File file(path, H5F_ACC_RDWR);
    const H5::DataSet dataset = file.openDataSet("/skipped");
    std::vector<unsigned char> shuffled(kChunk * 8);
    for (std::size_t i = 0; i < kChunk; ++i) {
      for (std::size_t j = 0; j < 8; ++j) {
        shuffled[j * kChunk + i] =
            static_cast<unsigned char>(static_cast<std::uint64_t>(smooth[kChunk + i]) >> (8 * j));
      }
    }
    const hsize_t offset[] = {kChunk};
    REQUIRE(H5Dwrite_chunk(dataset.getId(), H5P_DEFAULT, 2, offset, shuffled.size(),
                           shuffled.data()) >= 0);
  }
  {
    const Hdf5Reader reader(path);
    const auto slices = [&](const char* name) {
      const Hdf5ColumnReader<std::int64_t> column(reader, name);
      std::vector<std::int64_t> got(column.size());
      // Slices that straddle chunks, one a whole chunk, then a backwards read.
      const std::vector<std::pair<std::uint64_t, std::size_t>> pieces{
          {0, 700}, {700, 1300}, {2000, 1000}, {3000, 1123}};
      for (const auto& [first, count] : pieces)
        column.read(first, std::span(got).subspan(first, count));
      std::vector<std::int64_t> again(5);
      column.read(998, again);
      CHECK(std::equal(again.begin(), again.end(), got.begin() + 998));
      return got;
    };
    CHECK(slices("/deflate") == smooth);
    CHECK(slices("/shuffled") == smooth);
    CHECK(slices("/skipped") == smooth);
    CHECK(reader.read<std::int64_t>("/skipped") == smooth);  // HDF5 reads it so too
    CHECK(slices("/fletcher") == smooth);
    std::vector<std::int64_t> partly(smooth.begin(), smooth.begin() + 2 * kChunk);
    partly.resize(smooth.size(), 0);  // the fill value
    CHECK(slices("/partly") == partly);
  }

  // A corrupt chunk is an error naming the file and the dataset.
  {
    H5::H5File file(path, H5F_ACC_RDWR);
    const H5::DataSet dataset = file.openDataSet("/shuffled");
    const std::vector<unsigned char> garbage(64, 0x5a);
    const hsize_t offset[] = {kChunk};
    REQUIRE(H5Dwrite_chunk(dataset.getId(), H5P_DEFAULT, 0, offset, garbage.size(),
                           garbage.data()) >= 0);
  }
  const Hdf5Reader damaged(path);
  const Hdf5ColumnReader<std::int64_t> column(damaged, "/shuffled");
  std::vector<std::int64_t> got(10);
  column.read(0, got);  // the first chunk is intact
  CHECK(got[9] == smooth[9]);
  CHECK_THROWS_WITH(column.read(kChunk - 5, got),
                    path +
                        ": /shuffled: a chunk holding elements 995 to 1005 is corrupt (it "
                        "does not inflate to the chunk's size)");
}
