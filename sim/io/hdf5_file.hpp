#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <ranges>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// The HDF5 wrapper behind lmsim's result files (results.h5) and columnar data files. HDF5's own
// headers stay in hdf5_file.cpp, so code that reads or writes results does not compile against
// them. Object paths are absolute ("/snapshots/time"); a missing leading slash means the same
// thing, and repeated slashes count as one (as in HDF5 itself). Use from one thread at a time:
// Debian's HDF5 is built without thread safety.

namespace lmsim::sim::io {

/// A failure reading or writing an HDF5 file. The message reads `file: /object/path: problem`
/// (without the object part when the whole file is concerned), e.g.
/// `results.h5: /snapshots/time: dataset not found`. HDF5's own diagnosis, when there is one,
/// is appended in parentheses. HDF5 never prints to stderr: its automatic error printing is
/// switched off by every Hdf5Writer and Hdf5Reader.
class Hdf5Error : public std::runtime_error {
 public:
  Hdf5Error(std::string file, std::string object, const std::string& problem);

  const std::string& file() const { return file_; }
  const std::string& object() const { return object_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string file_;
  std::string object_;
  std::string problem_;
};

/// The element types lmsim stores. Numbers are stored little-endian whatever the machine
/// (int64 → H5T_STD_I64LE, float64 → H5T_IEEE_F64LE, …), so the bytes of a file do not depend on
/// where it was written. Strings are fixed-length, NUL-padded UTF-8 (see Hdf5Writer::write).
enum class Hdf5Type { kInt64, kUint64, kUint32, kUint8, kFloat64, kString };

/// Bytes per element of a numeric type; 0 for kString (a dataset sizes its strings itself).
std::size_t hdf5_element_size(Hdf5Type type);

/// The C++ types that map to numeric Hdf5Type values.
template <typename T>
concept Hdf5Number = std::same_as<T, std::int64_t> || std::same_as<T, std::uint64_t> ||
    std::same_as<T, std::uint32_t> || std::same_as<T, std::uint8_t> || std::same_as<T, double>;

/// The C++ types a dataset can hold: the numbers plus std::string.
template <typename T>
concept Hdf5Element = Hdf5Number<T> || std::same_as<T, std::string>;

/// A contiguous range of dataset elements (std::vector<double>, std::span<const std::int64_t>,
/// std::array<std::uint8_t, N>, …), so callers pass their containers without conversions.
template <typename R>
concept Hdf5Values = std::ranges::contiguous_range<R> && std::ranges::sized_range<R> &&
    Hdf5Element<std::ranges::range_value_t<R>>;

/// The C++ types an attribute can be read as: a scalar number or string, or a 1-D double array.
template <typename T>
concept Hdf5AttributeValue = std::same_as<T, std::int64_t> || std::same_as<T, std::uint64_t> ||
    std::same_as<T, double> || std::same_as<T, std::string> || std::same_as<T, std::vector<double>>;

/// The Hdf5Type of a C++ element type.
template <Hdf5Element T>
constexpr Hdf5Type hdf5_type_of() {
  if constexpr (std::same_as<T, std::int64_t>) return Hdf5Type::kInt64;
  if constexpr (std::same_as<T, std::uint64_t>) return Hdf5Type::kUint64;
  if constexpr (std::same_as<T, std::uint32_t>) return Hdf5Type::kUint32;
  if constexpr (std::same_as<T, std::uint8_t>) return Hdf5Type::kUint8;
  if constexpr (std::same_as<T, double>) return Hdf5Type::kFloat64;
  if constexpr (std::same_as<T, std::string>) return Hdf5Type::kString;
}

/// The name of a type in messages: "int64", "uint64", "uint32", "uint8", "float64", "string".
std::string_view hdf5_type_name(Hdf5Type type);

/// The name of the attribute that carries a dataset's units ("ns", "USD", "1" for a count…).
inline constexpr std::string_view kHdf5UnitsAttribute = "units";
/// The units of a dataset of strings (names, labels): text, not a quantity.
inline constexpr std::string_view kTextUnits = "text";

/// How a chunked dataset is compressed: the byte-shuffle filter (which groups the bytes of equal
/// significance, so slowly changing numbers compress far better) followed by zlib deflate at
/// `deflate_level` (1 fastest … 9 smallest). Level 0 turns both filters off. The default, level
/// 1 with shuffle, is lmsim's choice for results: after the shuffle, level 4 made a day's
/// results.h5 only 3.5% smaller and took most of the time of writing it.
struct Hdf5Compression {
  int deflate_level = 1;
  bool shuffle = true;

  /// No filters; whole datasets written with it are stored contiguously.
  static constexpr Hdf5Compression none() { return {0, false}; }

  bool operator==(const Hdf5Compression&) const = default;
};

/// The uncompressed size every chunk aims at: 256 KiB, so the 1 MiB chunk cache HDF5 gives each
/// open dataset holds four chunks, and a chunk is large enough for deflate to work well.
inline constexpr std::size_t kHdf5ChunkBytes = std::size_t{256} * 1024;

/// The shape of one chunk: rows × columns (columns is 1 for a 1-D dataset).
struct Hdf5ChunkShape {
  std::size_t rows = 1;
  std::size_t columns = 1;

  bool operator==(const Hdf5ChunkShape&) const = default;
};

/// The chunk shape for a dataset with `columns` columns (1 for 1-D) of `element_size`-byte
/// elements: whole rows of about kHdf5ChunkBytes. A row wider than that is split into the fewest
/// equal column blocks that fit. Depends on nothing but its arguments, so the same data always
/// gets the same chunks (and the same bytes); never returns a zero dimension.
Hdf5ChunkShape hdf5_chunk_shape(std::size_t element_size, std::size_t columns);

/// The largest dataset (in bytes of data) that is stored compact — in its own object header,
/// unfiltered — when compression is on: 4 KiB. Most of a results file's datasets are a few
/// numbers (a metric per miner, per side); deflating a few dozen bytes saves nothing, while a
/// chunked dataset costs HDF5 a chunk index, the filter pipeline and a separate allocation each.
/// Storing quickstart's 226 such datasets compact made its results.h5 15% smaller and its
/// `lmsim run` 8% faster. Readers see no difference: HDF5 reads every layout the same way.
inline constexpr std::size_t kHdf5CompactBytes = 4096;

/// How Hdf5Writer::write and write_matrix store a whole dataset.
enum class Hdf5Layout {
  kContiguous,  ///< without compression or without elements
  kCompact,     ///< compressed, but at most kHdf5CompactBytes: in the object header, unfiltered
  kChunked,     ///< compressed: hdf5_dataset_chunk's chunks, shuffled and deflated
};

/// The layout of a dataset of `dims` (1 or 2) elements of `element_size` bytes under
/// `compression` (see Hdf5Layout).
Hdf5Layout hdf5_dataset_layout(std::size_t element_size, std::span<const std::uint64_t> dims,
                               Hdf5Compression compression);

/// The chunk dimensions Hdf5Writer::write and write_matrix give a dataset of `dims` (1 or 2)
/// elements of `element_size` bytes under `compression`: none unless its layout is kChunked;
/// otherwise hdf5_chunk_shape's rows, at most the dataset's, and for 2-D its columns.
std::vector<std::uint64_t> hdf5_dataset_chunk(std::size_t element_size,
                                              std::span<const std::uint64_t> dims,
                                              Hdf5Compression compression);

class PrecompressedChunks;

/// A 2-D dataset read back whole: `values` holds `rows` × `columns` elements, row-major.
template <Hdf5Element T>
struct Hdf5Matrix {
  std::size_t rows = 0;
  std::size_t columns = 0;
  std::vector<T> values;

  const T& at(std::size_t row, std::size_t column) const { return values[row * columns + column]; }
};

/// Writes one HDF5 file, creating it or truncating an existing one. It never renames anything:
/// callers write to a staging path (ResultDirectory::staging_path) and move the file into place
/// once it is complete. Writing the same sequence of groups, datasets and attributes always gives a
/// byte-identical file:
/// - no object stores a modification time (H5Pset_obj_track_times off on the root group, every
///   group and every dataset);
/// - the file format is pinned by library-version bounds (earliest and latest both 1.8), so the
///   output does not change with the library's defaults, and any HDF5 ≥ 1.8 reads it;
/// - numbers are stored little-endian and strings as fixed-length NUL-padded UTF-8, which keeps
///   them out of HDF5's global heap;
/// - chunk shapes come from hdf5_chunk_shape and the unused tail of a last chunk is filled with
///   zeros rather than whatever memory held.
/// Missing parent groups of a dataset are created. Writing a dataset that already exists is an
/// error; setting an attribute that exists replaces it.
class Hdf5Writer {
 public:
  /// kCreate makes a new file (truncating one that exists); kAppend opens a file this class
  /// wrote, to add objects to it (the same format bounds apply, so appending the same objects
  /// to the same file again gives the same bytes).
  enum class Mode { kCreate, kAppend };

  /// Creates (or truncates) the file at `path`, or opens it to add to it; throws Hdf5Error when
  /// it cannot.
  explicit Hdf5Writer(const std::filesystem::path& path, Mode mode = Mode::kCreate);
  /// Closes the file, ignoring errors (call close() to see them).
  ~Hdf5Writer();
  // A failed write (a full disk, a file-size limit, an I/O error) abandons the file: the
  // Hdf5Error names the file and the operating system's reason ("cannot write dataset: No space
  // left on device"), every later call on it or its appendable datasets throws without touching
  // the file, and closing it releases HDF5's handles without writing (what HDF5 still flushes goes
  // to /dev/null), so a failure never leaves HDF5 unable to close the file, which in HDF5 1.10
  // would crash the process at exit. The abandoned file is incomplete: callers delete it (the
  // staging files of ResultDirectory and ResultFile are removed on failure).
  Hdf5Writer(Hdf5Writer&&) noexcept;
  Hdf5Writer& operator=(Hdf5Writer&&) noexcept;
  Hdf5Writer(const Hdf5Writer&) = delete;
  Hdf5Writer& operator=(const Hdf5Writer&) = delete;

  /// Creates the group at `path` and any missing parents ("/a/b" creates /a then /a/b). Groups
  /// that exist already are left alone; a dataset in the way is an error.
  void create_group(std::string_view path);

  /// Writes `values` as a whole 1-D dataset at `path`, with a "units" attribute unless `units`
  /// is empty. Without compression (the default) the data is stored contiguously; with it, in
  /// hdf5_chunk_shape chunks, or compact when it is small (hdf5_dataset_layout). Empty ranges give
  /// a valid dataset of shape (0). Strings are stored with the width of the longest one (at least 1
  /// byte), NUL-padded, as UTF-8; they must not contain NUL characters.
  template <Hdf5Values R>
  void write(std::string_view path, const R& values, std::string_view units = {},
             Hdf5Compression compression = Hdf5Compression::none()) {
    using T = std::ranges::range_value_t<R>;
    const std::uint64_t dims[] = {std::ranges::size(values)};
    write_dataset(path, hdf5_type_of<T>(), std::ranges::data(values), dims, units, compression);
  }

  /// Writes `values` (row-major, `rows` × `columns` elements, which is checked) as a whole 2-D
  /// dataset at `path`; otherwise as write().
  template <Hdf5Values R>
  void write_matrix(std::string_view path, const R& values, std::size_t rows, std::size_t columns,
                    std::string_view units = {},
                    Hdf5Compression compression = Hdf5Compression::none()) {
    using T = std::ranges::range_value_t<R>;
    check_matrix_size(path, std::ranges::size(values), rows, columns);
    const std::uint64_t dims[] = {rows, columns};
    write_dataset(path, hdf5_type_of<T>(), std::ranges::data(values), dims, units, compression);
  }

  /// Sets attribute `name` on the group or dataset at `object` ("/" is the file itself),
  /// replacing any attribute of that name. Scalars are stored with a scalar dataspace; a string
  /// as fixed-length NUL-padded UTF-8 (at least 1 byte wide; no NUL characters).
  void set_attribute(std::string_view object, std::string_view name, std::string_view value);
  void set_attribute(std::string_view object, std::string_view name, const char* value) {
    set_attribute(object, name, std::string_view(value));
  }
  void set_attribute(std::string_view object, std::string_view name, double value);
  /// Signed integers are stored as int64, unsigned ones as uint64 (seeds are uint64).
  template <std::integral T>
  requires(!std::same_as<T, bool>) void set_attribute(std::string_view object,
                                                      std::string_view name, T value) {
    if constexpr (std::is_signed_v<T>) {
      const std::int64_t stored = value;
      set_attribute_values(object, name, Hdf5Type::kInt64, &stored, 1, true);
    } else {
      const std::uint64_t stored = value;
      set_attribute_values(object, name, Hdf5Type::kUint64, &stored, 1, true);
    }
  }
  /// A 1-D float64 array attribute (may be empty).
  void set_attribute(std::string_view object, std::string_view name,
                     std::span<const double> values);

  /// Flushes and closes the file; throws Hdf5Error when that fails or when an appendable
  /// dataset of this file is still open (close those first: their buffered rows would be
  /// missing). Later calls do nothing.
  void close();

  /// The path the file was created at, as given (used in messages).
  const std::string& file() const;

  /// Writes the datasets whose chunks `chunks` holds (PrecompressedChunks::find: the same path,
  /// type, shape, compression and data) from those chunks instead of compressing them again; the
  /// file is the same. `chunks` must outlive the writes; null stops using any.
  void use_precompressed(const PrecompressedChunks* chunks);

 private:
  friend class Hdf5AppendDataset;
  struct Impl;

  void write_dataset(std::string_view path, Hdf5Type type, const void* data,
                     std::span<const std::uint64_t> dims, std::string_view units,
                     Hdf5Compression compression);
  void set_attribute_values(std::string_view object, std::string_view name, Hdf5Type type,
                            const void* data, std::size_t count, bool scalar);
  void check_matrix_size(std::string_view path, std::size_t size, std::size_t rows,
                         std::size_t columns) const;
  Impl& impl() const;

  std::shared_ptr<Impl> impl_;  // shared with the appendable datasets of the file
};

/// Whether an HDF5 file or dataset could not be closed (its handle is then left in a state in which
/// HDF5 1.10's clean-up at process exit can crash). Hdf5Writer avoids it by abandoning a file at
/// its first failed write; a command should still end with std::_Exit, skipping that clean-up,
/// when this is true.
bool hdf5_close_failed();

/// The untyped engine behind Hdf5AppendColumn and Hdf5AppendRows: an extendible dataset of
/// shape (rows, columns) — or (rows) for a 1-D one — chunked by hdf5_chunk_shape and
/// compressed, that grows as rows are appended. Rows are gathered in a buffer of exactly one
/// chunk-row-block (chunk rows × all columns) and written when it is full, so memory stays at
/// about kHdf5ChunkBytes (times the number of column blocks) however long the run, each chunk is
/// compressed and written once, whole, and HDF5 is called once per chunk, not per value. The
/// rest is written by close(). A dataset nothing was appended to is valid, of shape (0) or
/// (0, columns).
class Hdf5AppendDataset {
 public:
  /// Creates the dataset (and missing parent groups) in `writer`'s file. `columns` is the row
  /// width of a 2-D dataset (> 0) and is ignored for a 1-D one. Strings cannot be appended.
  Hdf5AppendDataset(Hdf5Writer& writer, std::string_view path, Hdf5Type type, bool two_d,
                    std::size_t columns, std::string_view units, Hdf5Compression compression);
  /// Writes what is buffered and closes the dataset, ignoring errors (call close() to see them).
  ~Hdf5AppendDataset();
  Hdf5AppendDataset(Hdf5AppendDataset&&) noexcept;
  Hdf5AppendDataset& operator=(Hdf5AppendDataset&&) = delete;
  Hdf5AppendDataset(const Hdf5AppendDataset&) = delete;
  Hdf5AppendDataset& operator=(const Hdf5AppendDataset&) = delete;

  /// Appends `count` rows read from `data` (count × columns elements of the dataset's type,
  /// row-major, in native byte order). Throws Hdf5Error once the dataset is closed.
  void append_rows(const void* data, std::size_t count);
  /// Appends one row of `width` elements read from `data`; throws Hdf5Error unless `width` is
  /// columns().
  void append_row(const void* data, std::size_t width);
  /// Writes the buffered rows and closes the dataset; later calls do nothing.
  void close();

  /// Rows appended so far, written or buffered.
  std::uint64_t rows() const { return written_rows_ + buffered_rows_; }
  std::size_t columns() const { return columns_; }
  std::size_t chunk_rows() const { return chunk_rows_; }
  bool is_open() const { return state_ != nullptr; }

 private:
  struct State;

  void flush();

  std::unique_ptr<State> state_;
  std::size_t columns_ = 1;
  std::size_t row_bytes_ = 0;
  std::size_t chunk_rows_ = 1;
  std::vector<std::byte> buffer_;
  std::size_t buffered_rows_ = 0;
  std::uint64_t written_rows_ = 0;
};

/// A 1-D dataset of T written value by value as a run goes (one value per snapshot, per
/// second…), compressed, in memory-bounded chunks (see Hdf5AppendDataset). Call close() before
/// closing the writer; the destructor writes what is left but cannot report errors.
template <Hdf5Number T>
class Hdf5AppendColumn {
 public:
  Hdf5AppendColumn(Hdf5Writer& writer, std::string_view path, std::string_view units = {},
                   Hdf5Compression compression = {})
      : dataset_(writer, path, hdf5_type_of<T>(), false, 1, units, compression) {}

  void append(T value) { dataset_.append_rows(&value, 1); }
  void append(std::span<const T> values) { dataset_.append_rows(values.data(), values.size()); }
  void close() { dataset_.close(); }

  std::uint64_t size() const { return dataset_.rows(); }

 private:
  Hdf5AppendDataset dataset_;
};

/// A 2-D dataset of T with a fixed number of columns, written row by row as a run goes (one row
/// per snapshot with a column per miner, …), compressed, in memory-bounded chunks (see
/// Hdf5AppendDataset). Call close() before closing the writer; the destructor writes what is
/// left but cannot report errors.
template <Hdf5Number T>
class Hdf5AppendRows {
 public:
  /// `columns` must be > 0.
  Hdf5AppendRows(Hdf5Writer& writer, std::string_view path, std::size_t columns,
                 std::string_view units = {}, Hdf5Compression compression = {})
      : dataset_(writer, path, hdf5_type_of<T>(), true, columns, units, compression) {}

  /// Appends one row; throws Hdf5Error unless it has exactly columns() values.
  void append_row(std::span<const T> row) { dataset_.append_row(row.data(), row.size()); }
  void close() { dataset_.close(); }

  std::uint64_t rows() const { return dataset_.rows(); }
  std::size_t columns() const { return dataset_.columns(); }

 private:
  Hdf5AppendDataset dataset_;
};

/// Reads an HDF5 file (lmsim's or any other). Reads are strict about types: a dataset or
/// attribute is returned only as the type it is stored as (integer class, width and sign, or
/// float64, or string), never silently converted; byte order is converted. Strings may be stored
/// fixed-length (NUL-/space-padded or NUL-terminated) or variable-length, ASCII or UTF-8.
class Hdf5Reader {
 public:
  /// Opens `path` read-only; throws Hdf5Error when it is missing, not a regular file, not an
  /// HDF5 file or otherwise unreadable.
  explicit Hdf5Reader(const std::filesystem::path& path);
  ~Hdf5Reader();
  Hdf5Reader(Hdf5Reader&&) noexcept;
  Hdf5Reader& operator=(Hdf5Reader&&) noexcept;
  Hdf5Reader(const Hdf5Reader&) = delete;
  Hdf5Reader& operator=(const Hdf5Reader&) = delete;

  /// Whether a group or dataset exists at `path` ("/" always does).
  bool exists(std::string_view path) const;
  /// Whether `path` is a group (false when it does not exist).
  bool is_group(std::string_view path) const;
  /// The names of the members of the group at `path`, in byte order of their names.
  std::vector<std::string> members(std::string_view path) const;
  /// The current shape of the dataset at `path` (empty for a scalar dataset).
  std::vector<std::uint64_t> dims(std::string_view path) const;

  /// The whole 1-D dataset at `path`. Throws Hdf5Error when it is missing, not 1-D or not of
  /// type T.
  template <Hdf5Element T>
  std::vector<T> read(std::string_view path) const;
  /// The whole 2-D dataset at `path`, row-major. Throws Hdf5Error when it is missing, not 2-D
  /// or not of type T.
  template <Hdf5Element T>
  Hdf5Matrix<T> read_matrix(std::string_view path) const;

  /// Whether the group or dataset at `object` has an attribute called `name`.
  bool has_attribute(std::string_view object, std::string_view name) const;
  /// Attribute `name` of the group or dataset at `object`. A scalar T needs an attribute of one
  /// element; std::vector<double> takes every element. Throws Hdf5Error when the object or the
  /// attribute is missing or the attribute is not of type T.
  template <Hdf5AttributeValue T>
  T attribute(std::string_view object, std::string_view name) const;

  /// The path the file was opened at, as given (used in messages).
  const std::string& file() const;

  /// Reads `out.size()` elements of the 1-D dataset at `path`, starting at element `first`, into
  /// `out`: a slice of a dataset too large to read whole. Opens the dataset for this one read; to
  /// read a dataset slice after slice, keep an Hdf5ColumnReader instead (it keeps the dataset and
  /// its chunk cache open). Throws Hdf5Error as read() does, and when the slice reaches past the
  /// end of the dataset.
  template <Hdf5Number T>
  void read_rows(std::string_view path, std::uint64_t first, std::span<T> out) const;

 private:
  friend class Hdf5SliceReader;
  struct Impl;

  std::unique_ptr<Impl> impl_;
};

/// The untyped engine behind Hdf5ColumnReader: one 1-D numeric dataset of a file open in an
/// Hdf5Reader, opened once and checked to be 1-D and of exactly the stored type asked for, then
/// read a slice at a time. The dataset stays open, so HDF5's chunk cache (1 MiB) keeps the last
/// decompressed chunks: reading a dataset front to back in slices smaller than a chunk
/// decompresses each chunk once. Memory is the caller's buffer plus that cache, however long the
/// dataset. Use from one thread at a time, while the Hdf5Reader is alive.
class Hdf5SliceReader {
 public:
  /// Opens the dataset at `path`; throws Hdf5Error when it is missing, not 1-D or not stored
  /// as `type` (strings cannot be read in slices).
  Hdf5SliceReader(const Hdf5Reader& reader, std::string_view path, Hdf5Type type);
  ~Hdf5SliceReader();
  Hdf5SliceReader(Hdf5SliceReader&&) noexcept;
  Hdf5SliceReader& operator=(Hdf5SliceReader&&) noexcept;
  Hdf5SliceReader(const Hdf5SliceReader&) = delete;
  Hdf5SliceReader& operator=(const Hdf5SliceReader&) = delete;

  /// Reads elements [first, first + count) into `out` (count elements of the dataset's type, in
  /// native byte order). count 0 reads nothing. Throws Hdf5Error when the range reaches past
  /// size() or HDF5 fails (corrupt data).
  void read(std::uint64_t first, std::size_t count, void* out) const;
  /// The number of elements in the dataset when it was opened.
  std::uint64_t size() const { return size_; }

 private:
  struct State;

  std::unique_ptr<State> state_;
  std::uint64_t size_ = 0;
};

/// A 1-D dataset of T read a slice at a time (see Hdf5SliceReader): the reading counterpart of
/// Hdf5AppendColumn, for datasets too long to read whole.
template <Hdf5Number T>
class Hdf5ColumnReader {
 public:
  /// Opens the dataset at `path` of `reader`'s file; throws Hdf5Error when it is missing, not
  /// 1-D or not stored as T.
  Hdf5ColumnReader(const Hdf5Reader& reader, std::string_view path)
      : slices_(reader, path, hdf5_type_of<T>()) {}

  /// Reads elements [first, first + out.size()) into `out`; throws Hdf5Error when the range
  /// reaches past size().
  void read(std::uint64_t first, std::span<T> out) const {
    slices_.read(first, out.size(), out.data());
  }
  std::uint64_t size() const { return slices_.size(); }

 private:
  Hdf5SliceReader slices_;
};

template <Hdf5Number T>
void Hdf5Reader::read_rows(std::string_view path, std::uint64_t first, std::span<T> out) const {
  Hdf5ColumnReader<T>(*this, path).read(first, out);
}

}  // namespace lmsim::sim::io
