#include <catch2/catch.hpp>

#include "sim/io/hdf5_file.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/result_files.hpp"
#include "support/temp_dir.hpp"

using namespace lmsim::sim::io;
using lmsim::test::read_file;
using lmsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> entries(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

template <typename Make>
std::string error_of(Make&& make) {
  try {
    make();
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("ResultDirectory: a result appears whole at the commit and not before", "[results]") {
  const TempDir dir;
  const fs::path out = dir.path() / "r";
  ResultDirectory result(out, {"a.txt", "b.txt"}, false);
  result.write("a.txt", "first");
  result.write("b.txt", "second");
  CHECK_FALSE(fs::exists(out));
  REQUIRE(entries(dir.path()).size() == 1);  // the staging directory, hidden
  CHECK(entries(dir.path())[0].rfind(".r.tmp-", 0) == 0);
  result.commit();
  CHECK(entries(dir.path()) == std::vector<std::string>{"r"});
  CHECK(entries(out) == std::vector<std::string>{"a.txt", "b.txt"});
  CHECK(read_file((out / "b.txt").string()) == "second");
}

TEST_CASE("ResultDirectory: a result never committed leaves nothing behind", "[results]") {
  const TempDir dir;
  {
    ResultDirectory result(dir.path() / "deep" / "r", {"a.txt"}, false);
    result.write("a.txt", "x");
  }
  // Not even the directory made for it.
  CHECK(entries(dir.path()).empty());
  // A parent that existed stays.
  std::filesystem::create_directory(dir.path() / "kept");
  { ResultFile file(dir.path() / "kept" / "new" / "f.txt", false); }
  CHECK(entries(dir.path()) == std::vector<std::string>{"kept"});
  CHECK(entries(dir.path() / "kept").empty());
}

TEST_CASE("ResultDirectory: an existing result is kept unless overwriting, then swapped whole",
          "[results]") {
  const TempDir dir;
  const fs::path out = dir.path() / "r";
  {
    ResultDirectory first(out, {"a.txt"}, false, {"extra.txt"});
    first.write("a.txt", "old");
    first.commit();
  }
  dir.write("r/extra.txt", "a file of the earlier result");
  CHECK(error_of([&] { ResultDirectory(out, {"a.txt"}, false, {"extra.txt"}); }) ==
        out.string() +
            "/a.txt: already exists; refusing to overwrite a result (use --force to replace it)");
  ResultDirectory second(out, {"a.txt"}, true, {"extra.txt"});
  second.write("a.txt", "new");
  CHECK(read_file((out / "a.txt").string()) == "old");  // untouched until the commit
  second.commit();
  CHECK(entries(out) == std::vector<std::string>{"a.txt"});  // nothing of the earlier result
  CHECK(read_file((out / "a.txt").string()) == "new");
  CHECK(entries(dir.path()) == std::vector<std::string>{"r"});
}

TEST_CASE("ResultDirectory: a directory holding anything but a result is never replaced",
          "[results]") {
  const TempDir dir;
  fs::create_directory(dir.path() / "r");
  dir.write("r/notes.txt", "mine");
  CHECK(error_of([&] { ResultDirectory(dir.path() / "r", {"a.txt"}, true); }) ==
        (dir.path() / "r").string() +
            ": holds \"notes.txt\", which is not part of an lmsim result; a result goes into a "
            "new or empty directory, or replaces an earlier result");
  dir.write("f", "a file");
  CHECK(error_of([&] { ResultDirectory(dir.path() / "f", {"a.txt"}, true); }) ==
        (dir.path() / "f").string() + ": exists and is not a directory");
  fs::create_directory(dir.path() / "empty");
  ResultDirectory into_empty(dir.path() / "empty", {"a.txt"}, false);
  into_empty.write("a.txt", "x");
  into_empty.commit();
  CHECK(entries(dir.path() / "empty") == std::vector<std::string>{"a.txt"});
}

TEST_CASE("ResultDirectory: a failure writing a staged file names its final path", "[results]") {
  const TempDir dir;
  const fs::path out = dir.path() / "r";
  ResultDirectory result(out, {"x.h5"}, false);
  const std::string staged = result.staging_path("x.h5").string();
  CHECK(error_of([&] {
          result.produce([&] { throw InputError({staged, 3, 0, ""}, "cannot write: boom"); });
        }) == (out / "x.h5").string() + ":3: cannot write: boom");
  try {
    result.produce([&] { throw Hdf5Error(staged, "/a", "cannot write dataset: boom"); });
    FAIL("no error");
  } catch (const Hdf5Error& error) {
    CHECK(std::string(error.what()) ==
          (out / "x.h5").string() + ": /a: cannot write dataset: boom");
  }
  CHECK(error_of([&] {
          result.produce([] { throw InputError({"other", 0, 0, ""}, "kept"); });
        }) == "other: kept");
}

TEST_CASE("ResultFile: the file is renamed into place at the commit", "[results]") {
  const TempDir dir;
  const fs::path out = dir.path() / "sub" / "m.h5";
  {
    ResultFile file(out, false);
    file.write("first");
    CHECK_FALSE(fs::exists(out));
    file.commit();
  }
  CHECK(read_file(out.string()) == "first");
  CHECK(error_of([&] { ResultFile(out, false); }) ==
        out.string() +
            ": already exists; refusing to overwrite a result (use --force to replace it)");
  {
    ResultFile file(out, true);
    file.write("second");
  }
  CHECK(read_file(out.string()) == "first");  // not committed: unchanged
  ResultFile file(out, true);
  file.write("third");
  file.commit();
  CHECK(read_file(out.string()) == "third");
  CHECK(entries(dir.path() / "sub") == std::vector<std::string>{"m.h5"});
}
