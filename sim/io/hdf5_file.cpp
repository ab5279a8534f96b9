#include "sim/io/hdf5_file.hpp"

#include <H5Cpp.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include "sim/io/chunk_compressor.hpp"
#include "sim/io/precompressed_chunks.hpp"
#include "sim/io/zlib_codec.hpp"

namespace lmsim::sim::io {

namespace fs = std::filesystem;

namespace {

// HDF5 prints its whole error stack to stderr on every failure, including the expected ones
// (probing whether a file is HDF5); lmsim reports each failure once, as an Hdf5Error.
void silence_hdf5() {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

// The operating system's reason in a diagnosis of HDF5's file drivers ("file write failed: …,
// errno = 28, error message = 'No space left on device', …"), or "".
std::string system_reason(const std::string& diagnosis) {
  constexpr std::string_view kMarker = "error message = '";
  const std::size_t start = diagnosis.find(kMarker);
  if (start == std::string::npos) return "";
  const std::size_t from = start + kMarker.size();
  const std::size_t end = diagnosis.find('\'', from);
  if (end == std::string::npos) return "";
  return diagnosis.substr(from, end - from);
}

// Called, inside the failing HDF5 call, when the operating system refused a read or write.
struct SystemFailureHook {
  void (*call)(void* context) = nullptr;
  void* context = nullptr;
};

struct Diagnosis {
  std::string text;
  SystemFailureHook hook;
};

herr_t keep_innermost(unsigned depth, const H5E_error2_t* entry, void* diagnosis) {
  if (depth == 0 && entry->desc != nullptr) static_cast<Diagnosis*>(diagnosis)->text = entry->desc;
  return 0;
}

herr_t record_innermost(hid_t stack, void* data) {
  auto& diagnosis = *static_cast<Diagnosis*>(data);
  H5Ewalk2(stack, H5E_WALK_UPWARD, keep_innermost, &diagnosis);
  if (diagnosis.hook.call != nullptr && !system_reason(diagnosis.text).empty()) {
    diagnosis.hook.call(diagnosis.hook.context);
  }
  return 0;
}

// While alive, records the most specific entry of the error stack of each failing HDF5 call
// (e.g. "truncated file: eof = 200, …"), which says more than the C++ wrapper's "H5Fopen
// failed". It has to be caught as the call fails: the destructors of the C++ wrapper's objects
// run HDF5 calls during unwinding, and each clears the error stack. For the same reason a hook
// that must act on a refused write (Hdf5Writer abandoning its file) is called right there.
// Nothing is printed.
class DiagnosisRecorder {
 public:
  explicit DiagnosisRecorder(SystemFailureHook hook = {}) {
    diagnosis_.hook = hook;
    H5Eget_auto2(H5E_DEFAULT, &previous_, &previous_data_);
    H5Eset_auto2(H5E_DEFAULT, record_innermost, &diagnosis_);
  }
  ~DiagnosisRecorder() { H5Eset_auto2(H5E_DEFAULT, previous_, previous_data_); }
  DiagnosisRecorder(const DiagnosisRecorder&) = delete;
  DiagnosisRecorder& operator=(const DiagnosisRecorder&) = delete;

  std::string diagnosis(const H5::Exception& error) const {
    return diagnosis_.text.empty() ? error.getDetailMsg() : diagnosis_.text;
  }

 private:
  Diagnosis diagnosis_;
  H5E_auto2_t previous_ = nullptr;
  void* previous_data_ = nullptr;
};

// Runs `body`, turning the C++ API's exceptions (which do not derive from std::exception) into
// an Hdf5Error about `object`: "cannot write dataset: No space left on device" when the operating
// system refused, else HDF5's diagnosis in parentheses. Hdf5Errors thrown by `body` pass through
// unchanged.
template <typename Body>
decltype(auto) translated(const std::string& file, const std::string& object,
                          const std::string& action, Body&& body, SystemFailureHook hook = {}) {
  const DiagnosisRecorder recorder(hook);
  try {
    return body();
  } catch (const H5::Exception& error) {
    const std::string diagnosis = recorder.diagnosis(error);
    const std::string reason = system_reason(diagnosis);
    if (!reason.empty()) throw Hdf5Error(file, object, action + ": " + reason);
    throw Hdf5Error(file, object, action + " (HDF5: " + diagnosis + ")");
  }
}

// C API calls report failure with a negative status; route them through the same translation.
void checked(herr_t status, const char* function) {
  if (status < 0) throw H5::Exception(function, "failed");
}

std::vector<std::string> components(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) parts.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::string joined(std::span<const std::string> parts) {
  if (parts.empty()) return "/";
  std::string path;
  for (const std::string& part : parts) path += "/" + part;
  return path;
}

std::string normalized(std::string_view path) {
  return joined(components(path));
}

std::string quoted_name(std::string_view name) {
  return "\"" + std::string(name) + "\"";
}

// Whether every link along `parts` exists and resolves to an object. H5Lexists must be asked one
// level at a time: it fails (rather than answering false) when a parent is missing.
bool path_exists(const H5::Group& h5, std::span<const std::string> parts) {
  std::string path;
  for (const std::string& part : parts) {
    path += "/" + part;
    if (H5Lexists(h5.getId(), path.c_str(), H5P_DEFAULT) <= 0 ||
        H5Oexists_by_name(h5.getId(), path.c_str(), H5P_DEFAULT) <= 0) {
      H5Eclear2(H5E_DEFAULT);
      return false;
    }
  }
  return true;
}

bool is_group_at(const H5::Group& h5, const std::string& object) {
  return object == "/" || h5.childObjType(object) == H5O_TYPE_GROUP;
}

// Calls `use` with the group or dataset at `object` (normalized), opened.
template <typename Use>
void with_object(const H5::Group& h5, const std::string& file, const std::string& object,
                 Use&& use) {
  if (!path_exists(h5, components(object))) throw Hdf5Error(file, object, "not found");
  if (is_group_at(h5, object)) {
    const H5::Group group = h5.openGroup(object);
    use(static_cast<const H5::H5Object&>(group));
  } else if (h5.childObjType(object) == H5O_TYPE_DATASET) {
    const H5::DataSet dataset = h5.openDataSet(object);
    use(static_cast<const H5::H5Object&>(dataset));
  } else {
    throw Hdf5Error(file, object, "not a group or dataset");
  }
}

std::size_t element_size(Hdf5Type type) {
  const std::size_t size = hdf5_element_size(type);
  if (size == 0) throw std::logic_error("hdf5_file: strings have no fixed element size");
  return size;
}

// The type in the file: fixed little-endian, so files do not depend on the writing machine.
const H5::PredType& stored_type(Hdf5Type type) {
  switch (type) {
    case Hdf5Type::kInt64:
      return H5::PredType::STD_I64LE;
    case Hdf5Type::kUint64:
      return H5::PredType::STD_U64LE;
    case Hdf5Type::kUint32:
      return H5::PredType::STD_U32LE;
    case Hdf5Type::kUint8:
      return H5::PredType::STD_U8LE;
    case Hdf5Type::kFloat64:
      return H5::PredType::IEEE_F64LE;
    case Hdf5Type::kString:
      break;
  }
  throw std::logic_error("hdf5_file: strings have no predefined type");
}

const H5::PredType& native_type(Hdf5Type type) {
  switch (type) {
    case Hdf5Type::kInt64:
      return H5::PredType::NATIVE_INT64;
    case Hdf5Type::kUint64:
      return H5::PredType::NATIVE_UINT64;
    case Hdf5Type::kUint32:
      return H5::PredType::NATIVE_UINT32;
    case Hdf5Type::kUint8:
      return H5::PredType::NATIVE_UINT8;
    case Hdf5Type::kFloat64:
      return H5::PredType::NATIVE_DOUBLE;
    case Hdf5Type::kString:
      break;
  }
  throw std::logic_error("hdf5_file: strings have no predefined type");
}

// Fixed-length, NUL-padded UTF-8. Variable-length strings would live in HDF5's global heap, whose
// unused space is not guaranteed to be cleared; fixed-length ones are plain bytes in the dataset
// (and compress like any other column).
H5::StrType fixed_string_type(std::size_t width) {
  H5::StrType type(H5::PredType::C_S1, width);
  type.setCset(H5T_CSET_UTF8);
  type.setStrpad(H5T_STR_NULLPAD);
  return type;
}

struct PackedStrings {
  std::size_t width = 1;
  std::vector<char> bytes;
};

// Lays `values` out as fixed-width fields, zero-filled (every byte of the file is determined).
template <typename Text>
PackedStrings packed(std::span<const Text> values, const std::string& file,
                     const std::string& object, const std::string& what) {
  PackedStrings result;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string_view value = values[i];
    if (value.find('\0') != std::string_view::npos) {
      throw Hdf5Error(file, object,
                      what + "value " + std::to_string(i) +
                          " contains a NUL character, which fixed-length strings cannot hold");
    }
    result.width = std::max(result.width, value.size());
  }
  result.bytes.assign(values.size() * result.width, '\0');
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string_view value = values[i];
    std::copy(value.begin(), value.end(), result.bytes.begin() + std::ptrdiff_t(i * result.width));
  }
  return result;
}

// The name of a stored type in the scheme of hdf5_type_name ("int64", "float64", "string"…),
// so that "does it match" is a string comparison and messages say what was found.
std::string stored_type_name(const H5::DataType& type) {
  const std::string bits = std::to_string(type.getSize() * 8);
  switch (type.getClass()) {
    case H5T_INTEGER:
      return (H5Tget_sign(type.getId()) == H5T_SGN_NONE ? "uint" : "int") + bits;
    case H5T_FLOAT:
      return "float" + bits;
    case H5T_STRING:
      return "string";
    case H5T_COMPOUND:
      return "compound";
    case H5T_ENUM:
      return "enum";
    case H5T_ARRAY:
      return "array";
    case H5T_VLEN:
      return "variable-length sequence";
    case H5T_OPAQUE:
      return "opaque";
    case H5T_BITFIELD:
      return "bitfield";
    case H5T_REFERENCE:
      return "reference";
    default:
      return "unknown type";
  }
}

std::vector<std::uint64_t> shape_of(const H5::DataSpace& space) {
  const int rank = space.getSimpleExtentNdims();
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0) space.getSimpleExtentDims(dims.data());
  return {dims.begin(), dims.end()};
}

std::size_t element_count(const H5::DataSpace& space) {
  return static_cast<std::size_t>(space.getSimpleExtentNpoints());
}

void check_compression(Hdf5Compression compression, const std::string& file,
                       const std::string& object) {
  if (compression.deflate_level < 0 || compression.deflate_level > 9) {
    throw Hdf5Error(
        file, object,
        "deflate level must be 0 to 9 (got " + std::to_string(compression.deflate_level) + ")");
  }
}

// Reads the strings of a dataset or attribute through `read(buffer, memory_type)`, whether they
// are stored fixed-length or variable-length (as h5py writes them by default).
template <typename Read>
std::vector<std::string> read_strings(const H5::AbstractDs& source, std::size_t count,
                                      Read&& read) {
  std::vector<std::string> values;
  if (count == 0) return values;
  values.reserve(count);
  const H5::StrType stored = source.getStrType();
  if (stored.isVariableStr()) {
    H5::StrType memory(H5::PredType::C_S1, H5T_VARIABLE);
    memory.setCset(stored.getCset());
    std::vector<char*> pointers(count, nullptr);
    read(pointers.data(), memory);
    for (const char* pointer : pointers) values.emplace_back(pointer == nullptr ? "" : pointer);
    const H5::DataSpace space = source.getSpace();
#if H5_VERSION_GE(1, 12, 0)
    H5Treclaim(memory.getId(), space.getId(), H5P_DEFAULT, pointers.data());
#else
    H5Dvlen_reclaim(memory.getId(), space.getId(), H5P_DEFAULT, pointers.data());
#endif
    return values;
  }
  const std::size_t width = stored.getSize();
  const H5T_str_t padding = stored.getStrpad();
  H5::StrType memory(H5::PredType::C_S1, width);
  memory.setCset(stored.getCset());
  memory.setStrpad(padding);
  std::vector<char> bytes(count * width);
  read(bytes.data(), memory);
  for (std::size_t i = 0; i < count; ++i) {
    std::string_view field(bytes.data() + i * width, width);
    if (padding == H5T_STR_SPACEPAD) {
      const std::size_t last = field.find_last_not_of(' ');
      field = field.substr(0, last == std::string_view::npos ? 0 : last + 1);
    } else {
      field = field.substr(0, field.find('\0'));
    }
    values.emplace_back(field);
  }
  return values;
}

// Reads all `count` elements of a dataset or attribute as T, after checking that T is exactly
// the stored type; `what` prefixes the type message ("" or "attribute \"units\" ").
template <Hdf5Element T, typename Read>
std::vector<T> read_elements(const H5::AbstractDs& source, std::size_t count,
                             const std::string& file, const std::string& object,
                             const std::string& what, Read&& read) {
  const std::string found = stored_type_name(source.getDataType());
  const std::string_view wanted = hdf5_type_name(hdf5_type_of<T>());
  if (found != wanted) {
    throw Hdf5Error(file, object, what + "stored as " + found + ", not " + std::string(wanted));
  }
  if constexpr (std::same_as<T, std::string>) {
    return read_strings(source, count, read);
  } else {
    std::vector<T> values(count);
    if (count > 0) read(values.data(), native_type(hdf5_type_of<T>()));
    return values;
  }
}

}  // namespace

std::size_t hdf5_element_size(Hdf5Type type) {
  switch (type) {
    case Hdf5Type::kInt64:
    case Hdf5Type::kUint64:
    case Hdf5Type::kFloat64:
      return 8;
    case Hdf5Type::kUint32:
      return 4;
    case Hdf5Type::kUint8:
      return 1;
    case Hdf5Type::kString:
      break;
  }
  return 0;
}

Hdf5Error::Hdf5Error(std::string file, std::string object, const std::string& problem)
    : std::runtime_error(file + ": " + (object.empty() ? "" : object + ": ") + problem),
      file_(std::move(file)),
      object_(std::move(object)),
      problem_(problem) {}

std::string_view hdf5_type_name(Hdf5Type type) {
  switch (type) {
    case Hdf5Type::kInt64:
      return "int64";
    case Hdf5Type::kUint64:
      return "uint64";
    case Hdf5Type::kUint32:
      return "uint32";
    case Hdf5Type::kUint8:
      return "uint8";
    case Hdf5Type::kFloat64:
      return "float64";
    case Hdf5Type::kString:
      return "string";
  }
  return "unknown";
}

Hdf5ChunkShape hdf5_chunk_shape(std::size_t element_size, std::size_t columns) {
  const std::size_t size = std::max<std::size_t>(element_size, 1);
  const std::size_t width = std::max<std::size_t>(columns, 1);
  const std::size_t per_chunk = std::max<std::size_t>(kHdf5ChunkBytes / size, 1);
  // A row wider than a chunk is cut into equal blocks, not into full blocks and a sliver.
  const std::size_t blocks = (width + per_chunk - 1) / per_chunk;
  const std::size_t chunk_columns = (width + blocks - 1) / blocks;
  return {std::max<std::size_t>(per_chunk / chunk_columns, 1), chunk_columns};
}

Hdf5Layout hdf5_dataset_layout(std::size_t element_size, std::span<const std::uint64_t> dims,
                               Hdf5Compression compression) {
  // An empty dataset has nothing to compress, and a chunk may not be larger than a fixed
  // extent, so it stays contiguous.
  if (compression.deflate_level <= 0 || dims.empty() || element_size == 0) {
    return Hdf5Layout::kContiguous;
  }
  // The element count, compared without overflow (a growing column asks with an unbounded
  // length).
  std::uint64_t count = 1;
  for (const std::uint64_t dim : dims) {
    if (dim == 0) return Hdf5Layout::kContiguous;
    if (count > kHdf5CompactBytes / element_size / dim) return Hdf5Layout::kChunked;
    count *= dim;
  }
  return Hdf5Layout::kCompact;
}

std::vector<std::uint64_t> hdf5_dataset_chunk(std::size_t element_size,
                                              std::span<const std::uint64_t> dims,
                                              Hdf5Compression compression) {
  if (hdf5_dataset_layout(element_size, dims, compression) != Hdf5Layout::kChunked) return {};
  const Hdf5ChunkShape shape = hdf5_chunk_shape(element_size, dims.size() == 2 ? dims[1] : 1);
  std::vector<std::uint64_t> chunk{std::min<std::uint64_t>(shape.rows, dims[0])};
  if (dims.size() == 2) chunk.push_back(shape.columns);
  return chunk;
}

// ---------------------------------------------------------------------------------------------
// Hdf5Writer

namespace {

// Set once any HDF5 close fails (see hdf5_close_failed).
bool close_failed = false;

// The last reference to a dataset, closed at scope exit without printing anything. Declared
// before an H5::DataSet of the same dataset, it outlives it, so the wrapper's destructor only
// drops its own reference and never runs (and reports on stderr) a close that flushes.
struct DatasetReference {
  hid_t id = H5I_INVALID_HID;
  DatasetReference() = default;
  DatasetReference(const DatasetReference&) = delete;
  DatasetReference& operator=(const DatasetReference&) = delete;
  void take(const H5::DataSet& dataset) {
    checked(H5Iinc_ref(dataset.getId()), "H5Iinc_ref");
    id = dataset.getId();
  }
  ~DatasetReference() {
    if (id >= 0 && H5Dclose(id) < 0) close_failed = true;
  }
};

// A dataspace handle of the C API, closed at scope exit.
struct SpaceId {
  hid_t id = H5I_INVALID_HID;
  ~SpaceId() {
    if (id >= 0) H5Sclose(id);
  }
};

}  // namespace

bool hdf5_close_failed() {
  return close_failed;
}

struct Hdf5Writer::Impl {
  std::string file;
  // The file's own handle, closed exactly once: HDF5 1.10 frees a file whose close failed but
  // keeps its handle, so closing it again (as H5::H5File's destructor would) crashes.
  hid_t id = H5I_INVALID_HID;
  // The root group, through which the C++ API creates and opens objects.
  H5::Group h5;
  // Group creation properties shared by every group lmsim creates: no modification times.
  H5::PropList group_properties;
  bool closed = false;
  // The file's descriptor (the sec2 driver's), redirected when the file is abandoned.
  int descriptor = -1;
  bool abandoned = false;
  // Why the file was abandoned (see Hdf5Writer): empty while every write succeeded.
  std::string failure;
  // Chunks compressed ahead of writing (use_precompressed), or null.
  const PrecompressedChunks* precompressed = nullptr;
  // The groups known to exist (created or found), each looked up in the file once: the writer
  // never removes one.
  std::set<std::string> groups;
  // Dataset creation properties made so far (creation_properties); a handful per file.
  struct CreationProperties {
    H5::DataType type;
    std::vector<hsize_t> chunk;
    Hdf5Compression compression;
    bool compact;
    H5::DSetCreatPropList properties;
  };
  std::deque<CreationProperties> creation;

  ~Impl() { release(); }

  // Runs a writing operation on `object`: refused once the file is abandoned; a failure abandons
  // it.
  template <typename Body>
  decltype(auto) writing(const std::string& object, const std::string& action, Body&& body) {
    if (abandoned) {
      throw Hdf5Error(
          file, object,
          action + ": the file was abandoned after an earlier failure (" + failure + ")");
    }
    try {
      return translated(file, object, action, std::forward<Body>(body),
                        SystemFailureHook{&Impl::abandon_now, this});
    } catch (const Hdf5Error& error) {
      // A write the operating system refused leaves the file incomplete (the hook abandoned
      // it); later calls must not touch it. A refused request (a dataset that exists, a bad
      // name) changes nothing and the file stays usable.
      if (abandoned) failure = error.problem();
      throw;
    }
  }

  static void abandon_now(void* self) { static_cast<Impl*>(self)->abandon(); }

  // Points the file's descriptor at an anonymous file in memory, so that what HDF5 still
  // writes while it releases the file (a dataset's sieve buffer, the metadata cache: a few MB at
  // most) goes nowhere and its close does not fail on a full disk. Called from inside the HDF5
  // call the operating system failed, before the C++ wrapper's destructors close anything. (A
  // file-size limit applies to that file too; a close that fails anyway is left to
  // hdf5_close_failed.)
  void abandon() {
    if (abandoned || closed || descriptor < 0) return;
    abandoned = true;
    int sink = ::memfd_create("lmsim-abandoned-hdf5", MFD_CLOEXEC);
    if (sink < 0) sink = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (sink < 0) return;
    ::dup2(sink, descriptor);
    ::close(sink);
  }

  // Closes the root group and the file, once, whatever happens; the file's status is returned.
  herr_t release() {
    if (closed) return 0;
    closed = true;
    try {
      h5.close();
    } catch (const H5::Exception&) {
      close_failed = true;
    }
    if (id < 0) return 0;
    const herr_t status = H5Fclose(id);
    id = H5I_INVALID_HID;
    if (status < 0) close_failed = true;
    return status;
  }

  // Creates the groups parts[0 .. count) that do not exist yet, one level at a time: HDF5's own
  // "create intermediate groups" would create them with default properties, times included.
  void create_groups(std::span<const std::string> parts, std::size_t count) {
    std::string path;
    for (std::size_t i = 0; i < count; ++i) {
      path += "/" + parts[i];
      if (groups.contains(path)) continue;
      if (h5.nameExists(path)) {
        if (!is_group_at(h5, path)) throw Hdf5Error(file, path, "not a group");
      } else {
        const hid_t group = H5Gcreate2(h5.getId(), path.c_str(), H5P_DEFAULT,
                                       group_properties.getId(), H5P_DEFAULT);
        if (group < 0) throw H5::Exception("H5Gcreate2", "failed");
        checked(H5Gclose(group), "H5Gclose");
      }
      groups.insert(path);
    }
  }

  // Creates the dataset at `object` (whose components are `parts`), chunked and filtered when
  // `chunk` is not empty, else compact when `compact`, else contiguous.
  H5::DataSet create_dataset(const std::string& object, std::span<const std::string> parts,
                             const H5::DataType& type, std::span<const hsize_t> dims,
                             std::span<const hsize_t> max_dims, std::span<const hsize_t> chunk,
                             Hdf5Compression compression, bool compact = false) {
    if (parts.empty()) throw Hdf5Error(file, object, "the root group cannot be a dataset");
    check_compression(compression, file, object);
    create_groups(parts, parts.size() - 1);
    const H5::DSetCreatPropList& properties =
        creation_properties(type, chunk, compression, compact && chunk.empty());
    const H5::DataSpace space(static_cast<int>(dims.size()), dims.data(), max_dims.data());
    try {
      return h5.createDataSet(object, type, space, properties);
    } catch (const H5::Exception&) {
      // Looked up only now: a lookup before every creation costs more than the creation.
      if (!abandoned && h5.nameExists(object)) throw Hdf5Error(file, object, "already exists");
      throw;
    }
  }

  // The dataset creation properties for `type`, `chunk` and `compression`, made once: HDF5
  // copies and hashes a property list at every creation and close, which costs as much as
  // creating the dataset.
  const H5::DSetCreatPropList& creation_properties(const H5::DataType& type,
                                                   std::span<const hsize_t> chunk,
                                                   Hdf5Compression compression, bool compact) {
    for (const CreationProperties& made : creation) {
      if (made.compression == compression && std::ranges::equal(made.chunk, chunk) &&
          made.compact == compact && made.type == type) {
        return made.properties;
      }
    }
    H5::DSetCreatPropList properties;
    checked(H5Pset_obj_track_times(properties.getId(), false), "H5Pset_obj_track_times");
    if (chunk.empty()) {
      // Every element is written at once; filling first would write the data twice.
      properties.setFillTime(H5D_FILL_TIME_NEVER);
      if (compact) properties.setLayout(H5D_COMPACT);
    } else {
      properties.setChunk(static_cast<int>(chunk.size()), chunk.data());
      if (compression.deflate_level > 0) {
        if (compression.shuffle) properties.setShuffle();
        properties.setDeflate(compression.deflate_level);
      }
      // An explicit zero fill, so the part of a last chunk beyond the data is zeros (and the
      // compressed chunk the same every run) rather than whatever the buffer held.
      const std::vector<char> zeros(type.getSize(), 0);
      properties.setFillValue(type, zeros.data());
      properties.setFillTime(H5D_FILL_TIME_ALLOC);
    }
    creation.push_back(CreationProperties{H5::DataType(type),
                                          std::vector<hsize_t>(chunk.begin(), chunk.end()),
                                          compression, compact, std::move(properties)});
    return creation.back().properties;
  }

  // Writes attribute `name` of `target` (at `object`), replacing an existing one unless
  // `target` was just created (and so has none). For strings `data` points to `count`
  // std::string_views.
  void write_attribute(const H5::H5Object& target, const std::string& object, std::string_view name,
                       Hdf5Type type, const void* data, std::size_t count, bool scalar,
                       bool fresh = false) const {
    const std::string attribute_name(name);
    if (!fresh && target.attrExists(attribute_name)) target.removeAttr(attribute_name);
    const hsize_t dims[] = {count};
    const H5::DataSpace space = scalar ? H5::DataSpace(H5S_SCALAR) : H5::DataSpace(1, dims);
    if (type == Hdf5Type::kString) {
      const PackedStrings strings =
          packed(std::span(static_cast<const std::string_view*>(data), count), file, object,
                 "attribute " + quoted_name(name) + ": ");
      const H5::StrType string_type = fixed_string_type(strings.width);
      const H5::Attribute attribute = target.createAttribute(attribute_name, string_type, space);
      if (count > 0) attribute.write(string_type, strings.bytes.data());
    } else {
      const H5::Attribute attribute =
          target.createAttribute(attribute_name, stored_type(type), space);
      if (count > 0) attribute.write(native_type(type), data);
    }
  }
};

namespace {

hid_t opened_file(const std::string& file, Hdf5Writer::Mode mode) {
  const H5::FileCreatPropList creation;
  // The file creation properties are also the root group's: no modification time there either.
  checked(H5Pset_obj_track_times(creation.getId(), false), "H5Pset_obj_track_times");
  const H5::FileAccPropList access;
  // Pinning both bounds fixes the version of every structure HDF5 writes (superblock, object
  // headers, B-trees) instead of leaving it to the library's defaults, which change between
  // releases. 1.8 formats cover everything lmsim writes and every HDF5 ≥ 1.8 reads them.
  access.setLibverBounds(H5F_LIBVER_V18, H5F_LIBVER_V18);
  // Closing the file while an appendable dataset is open keeps it open until that dataset
  // closes (Hdf5Writer::close reports the situation as an error anyway).
  access.setFcloseDegree(H5F_CLOSE_WEAK);
  // No sieve buffer: every dataset's elements are written by the call that writes them, so a
  // failure is that call's (and abandons the file) rather than a dataset close's, whose errors
  // the C++ wrapper drops. lmsim writes each dataset whole, so the buffer saved nothing.
  access.setSieveBufSize(0);
  const hid_t id = mode == Hdf5Writer::Mode::kAppend
                       ? H5Fopen(file.c_str(), H5F_ACC_RDWR, access.getId())
                       : H5Fcreate(file.c_str(), H5F_ACC_TRUNC, creation.getId(), access.getId());
  if (id < 0)
    throw H5::Exception(mode == Hdf5Writer::Mode::kAppend ? "H5Fopen" : "H5Fcreate", "failed");
  return id;
}

}  // namespace

Hdf5Writer::Hdf5Writer(const fs::path& path, Mode mode) : impl_(std::make_shared<Impl>()) {
  silence_hdf5();
  impl_->file = path.string();
  translated(impl_->file, "", mode == Mode::kCreate ? "cannot create file" : "cannot open file",
             [&] {
               impl_->id = opened_file(impl_->file, mode);
               void* handle = nullptr;
               checked(H5Fget_vfd_handle(impl_->id, H5P_DEFAULT, &handle), "H5Fget_vfd_handle");
               impl_->descriptor = *static_cast<const int*>(handle);
               const hid_t root = H5Gopen2(impl_->id, "/", H5P_DEFAULT);
               if (root < 0) throw H5::Exception("H5Gopen2", "failed");
               // The wrapper takes a reference of its own; the one H5Gopen2 returned is given back.
               impl_->h5 = H5::Group(root);
               checked(H5Idec_ref(root), "H5Idec_ref");
               impl_->group_properties = H5::PropList(H5P_GROUP_CREATE);
               checked(H5Pset_obj_track_times(impl_->group_properties.getId(), false),
                       "H5Pset_obj_track_times");
             });
}

Hdf5Writer::~Hdf5Writer() {
  // Impl's destructor releases the file once the last appendable dataset is gone too; errors
  // are reported by close(), which the caller did not call.
}

Hdf5Writer::Hdf5Writer(Hdf5Writer&&) noexcept = default;
Hdf5Writer& Hdf5Writer::operator=(Hdf5Writer&&) noexcept = default;

Hdf5Writer::Impl& Hdf5Writer::impl() const {
  if (!impl_) throw std::logic_error("Hdf5Writer: used after being moved from");
  if (impl_->closed) throw Hdf5Error(impl_->file, "", "written to after close()");
  return *impl_;
}

const std::string& Hdf5Writer::file() const {
  return impl_->file;
}

void Hdf5Writer::use_precompressed(const PrecompressedChunks* chunks) {
  impl().precompressed = chunks;
}

void Hdf5Writer::create_group(std::string_view path) {
  Impl& self = impl();
  const std::vector<std::string> parts = components(path);
  const std::string object = joined(parts);
  self.writing(object, "cannot create group", [&] { self.create_groups(parts, parts.size()); });
}

void Hdf5Writer::check_matrix_size(std::string_view path, std::size_t size, std::size_t rows,
                                   std::size_t columns) const {
  if (size != rows * columns) {
    throw Hdf5Error(impl_->file, normalized(path),
                    "matrix of " + std::to_string(rows) + " × " + std::to_string(columns) +
                        " needs " + std::to_string(rows * columns) + " values (got " +
                        std::to_string(size) + ")");
  }
}

void Hdf5Writer::write_dataset(std::string_view path, Hdf5Type type, const void* data,
                               std::span<const std::uint64_t> dims, std::string_view units,
                               Hdf5Compression compression) {
  Impl& self = impl();
  const std::vector<std::string> parts = components(path);
  const std::string object = joined(parts);
  self.writing(object, "cannot write dataset", [&] {
    const std::vector<hsize_t> extent(dims.begin(), dims.end());
    std::size_t count = 1;
    for (const hsize_t dim : extent) count *= dim;

    std::optional<H5::StrType> string_type;
    PackedStrings strings;
    const H5::DataType* stored = nullptr;
    const H5::DataType* in_memory = nullptr;
    const void* buffer = data;
    if (type == Hdf5Type::kString) {
      strings =
          packed(std::span(static_cast<const std::string*>(data), count), self.file, object, "");
      string_type.emplace(fixed_string_type(strings.width));
      stored = in_memory = &*string_type;
      buffer = strings.bytes.data();
    } else {
      stored = &stored_type(type);
      in_memory = &native_type(type);
    }

    const std::vector<std::uint64_t> chunk_shape =
        hdf5_dataset_chunk(stored->getSize(), dims, compression);
    const std::vector<hsize_t> chunk(chunk_shape.begin(), chunk_shape.end());
    const bool compact =
        hdf5_dataset_layout(stored->getSize(), dims, compression) == Hdf5Layout::kCompact;
    DatasetReference last;
    const H5::DataSet dataset =
        self.create_dataset(object, parts, *stored, extent, extent, chunk, compression, compact);
    last.take(dataset);
    if (!chunk.empty() && *stored == *in_memory) {
      // The chunks filtered ahead of time, or here on every core, exactly as the pipeline
      // would filter them, and written in the order of the chunk grid however they were
      // compressed: the file's layout follows that order.
      const auto write_chunk = [&](const CompressedChunk& piece, std::uint64_t rows_before) {
        std::vector<hsize_t> offset(piece.offset.begin(), piece.offset.end());
        offset[0] += rows_before;
        checked(H5Dwrite_chunk(dataset.getId(), H5P_DEFAULT, 0, offset.data(), piece.bytes.size(),
                               piece.bytes.data()),
                "H5Dwrite_chunk");
      };
      const PrecompressedChunks* ahead = self.precompressed;
      const std::vector<CompressedChunk>* whole =
          ahead != nullptr ? ahead->find(object, type, data, dims, compression) : nullptr;
      if (whole != nullptr) {
        for (const CompressedChunk& piece : *whole) write_chunk(piece, 0);
      } else {
        const PrecompressedChunks::Leading leading =
            ahead != nullptr ? ahead->leading(object, type, data, dims, compression)
                             : PrecompressedChunks::Leading{};
        if (leading.chunks != nullptr) {
          for (const CompressedChunk& piece : *leading.chunks) write_chunk(piece, 0);
        }
        // The rest (all of it without leading chunks), cut on the same grid: the leading chunks
        // are whole chunks, so the rows after them start a chunk.
        std::vector<std::uint64_t> rest(dims.begin(), dims.end());
        rest[0] -= leading.rows;
        if (rest[0] > 0) {
          const std::size_t row_bytes =
              stored->getSize() * (dims.size() == 2 ? static_cast<std::size_t>(dims[1]) : 1);
          // Asked once: each call reads /sys (an open, a read and a close), and a results file
          // writes a few hundred datasets.
          static const unsigned cores = std::thread::hardware_concurrency();
          for (const CompressedChunk& piece :
               compress_chunks(static_cast<const unsigned char*>(buffer) + leading.rows * row_bytes,
                               stored->getSize(), rest, chunk_shape, compression.shuffle,
                               compression.deflate_level, cores)) {
            write_chunk(piece, leading.rows);
          }
        }
      }
    } else if (count > 0) {
      dataset.write(buffer, *in_memory);
    }
    if (!units.empty()) {
      self.write_attribute(dataset, object, kHdf5UnitsAttribute, Hdf5Type::kString, &units, 1, true,
                           true);
    }
  });
}

void Hdf5Writer::set_attribute_values(std::string_view object, std::string_view name, Hdf5Type type,
                                      const void* data, std::size_t count, bool scalar) {
  Impl& self = impl();
  const std::string target = normalized(object);
  self.writing(target, "cannot set attribute " + quoted_name(name), [&] {
    with_object(self.h5, self.file, target, [&](const H5::H5Object& h5_object) {
      self.write_attribute(h5_object, target, name, type, data, count, scalar);
    });
  });
}

void Hdf5Writer::set_attribute(std::string_view object, std::string_view name,
                               std::string_view value) {
  set_attribute_values(object, name, Hdf5Type::kString, &value, 1, true);
}

void Hdf5Writer::set_attribute(std::string_view object, std::string_view name, double value) {
  set_attribute_values(object, name, Hdf5Type::kFloat64, &value, 1, true);
}

void Hdf5Writer::set_attribute(std::string_view object, std::string_view name,
                               std::span<const double> values) {
  set_attribute_values(object, name, Hdf5Type::kFloat64, values.data(), values.size(), false);
}

void Hdf5Writer::close() {
  if (!impl_ || impl_->closed) return;
  Impl& self = *impl_;
  if (self.abandoned) {
    self.release();
    throw Hdf5Error(self.file, "", "not written completely (" + self.failure + ")");
  }
  const ssize_t open =
      H5Fget_obj_count(self.id, H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_ATTR);
  // The root group the writer keeps open is one of them.
  if (open > 1) {
    throw Hdf5Error(self.file, "",
                    "cannot close: " + std::to_string(open - 1) +
                        " object(s) still open (close every appendable dataset first)");
  }
  // Flushing first lets a failure abandon the file before the close, which then cannot fail.
  self.writing("", "cannot write file",
               [&] { checked(H5Fflush(self.id, H5F_SCOPE_LOCAL), "H5Fflush"); });
  if (self.release() < 0) throw Hdf5Error(self.file, "", "cannot close file");
}

// ---------------------------------------------------------------------------------------------
// Hdf5AppendDataset

struct Hdf5AppendDataset::State {
  std::shared_ptr<Hdf5Writer::Impl> writer;
  std::string object;
  Hdf5Type type = Hdf5Type::kFloat64;
  bool two_d = false;
  hid_t id = H5I_INVALID_HID;  // the dataset, closed exactly once
  bool closed = false;

  ~State() { release(); }

  // Closes the dataset once, whatever happens; returns its status.
  herr_t release() {
    if (closed) return 0;
    closed = true;
    const herr_t status = H5Dclose(id);
    if (status < 0) close_failed = true;
    return status;
  }
};

Hdf5AppendDataset::Hdf5AppendDataset(Hdf5Writer& writer, std::string_view path, Hdf5Type type,
                                     bool two_d, std::size_t columns, std::string_view units,
                                     Hdf5Compression compression) {
  Hdf5Writer::Impl& self = writer.impl();
  const std::vector<std::string> parts = components(path);
  const std::string object = joined(parts);
  if (type == Hdf5Type::kString) {
    throw Hdf5Error(self.file, object, "strings cannot be appended (write them whole)");
  }
  if (two_d && columns == 0) {
    throw Hdf5Error(self.file, object, "an appendable 2-D dataset needs at least one column");
  }
  columns_ = two_d ? columns : 1;
  row_bytes_ = element_size(type) * columns_;
  const Hdf5ChunkShape shape = hdf5_chunk_shape(element_size(type), columns_);
  chunk_rows_ = shape.rows;

  self.writing(object, "cannot create dataset", [&] {
    std::vector<hsize_t> dims = {0};
    std::vector<hsize_t> max_dims = {H5S_UNLIMITED};
    std::vector<hsize_t> chunk = {shape.rows};
    if (two_d) {
      dims.push_back(columns_);
      max_dims.push_back(columns_);
      chunk.push_back(shape.columns);
    }
    const H5::DataSet dataset =
        self.create_dataset(object, parts, stored_type(type), dims, max_dims, chunk, compression);
    if (!units.empty()) {
      self.write_attribute(dataset, object, kHdf5UnitsAttribute, Hdf5Type::kString, &units, 1, true,
                           true);
    }
    // The state keeps a reference of its own, released once (see State::release).
    checked(H5Iinc_ref(dataset.getId()), "H5Iinc_ref");
    state_ = std::make_unique<State>();
    state_->writer = writer.impl_;
    state_->object = object;
    state_->type = type;
    state_->two_d = two_d;
    state_->id = dataset.getId();
  });
  buffer_.resize(chunk_rows_ * row_bytes_);
}

Hdf5AppendDataset::~Hdf5AppendDataset() {
  if (!is_open()) return;
  try {
    close();
  } catch (const Hdf5Error&) {
    // Reported by close(), which the caller did not call; the state still releases the dataset.
  }
}

Hdf5AppendDataset::Hdf5AppendDataset(Hdf5AppendDataset&&) noexcept = default;

void Hdf5AppendDataset::append_rows(const void* data, std::size_t count) {
  if (!state_) throw std::logic_error("Hdf5AppendDataset: used after being moved from");
  if (state_->closed) {
    throw Hdf5Error(state_->writer->file, state_->object, "appended to after close()");
  }
  const auto* bytes = static_cast<const std::byte*>(data);
  while (count > 0) {
    const std::size_t taken = std::min(count, chunk_rows_ - buffered_rows_);
    std::memcpy(buffer_.data() + buffered_rows_ * row_bytes_, bytes, taken * row_bytes_);
    buffered_rows_ += taken;
    bytes += taken * row_bytes_;
    count -= taken;
    if (buffered_rows_ == chunk_rows_) flush();
  }
}

void Hdf5AppendDataset::append_row(const void* data, std::size_t width) {
  if (state_ && width != columns_) {
    throw Hdf5Error(
        state_->writer->file, state_->object,
        "row has " + std::to_string(width) + " values, expected " + std::to_string(columns_));
  }
  append_rows(data, 1);
}

void Hdf5AppendDataset::flush() {
  if (buffered_rows_ == 0) return;
  State& state = *state_;
  state.writer->writing(state.object, "cannot append to dataset", [&] {
    // Grow by exactly the buffered rows, then write them as one hyperslab: whole chunks except
    // for the last block written by close().
    const int rank = state.two_d ? 2 : 1;
    const hsize_t extent[] = {written_rows_ + buffered_rows_, columns_};
    checked(H5Dset_extent(state.id, extent), "H5Dset_extent");
    const hsize_t start[] = {written_rows_, 0};
    const hsize_t count[] = {buffered_rows_, columns_};
    const SpaceId file_space{H5Dget_space(state.id)};
    if (file_space.id < 0) throw H5::Exception("H5Dget_space", "failed");
    checked(H5Sselect_hyperslab(file_space.id, H5S_SELECT_SET, start, nullptr, count, nullptr),
            "H5Sselect_hyperslab");
    const H5::DataSpace memory_space(rank, count);
    checked(H5Dwrite(state.id, native_type(state.type).getId(), memory_space.getId(), file_space.id,
                     H5P_DEFAULT, buffer_.data()),
            "H5Dwrite");
  });
  written_rows_ += buffered_rows_;
  buffered_rows_ = 0;
}

void Hdf5AppendDataset::close() {
  if (!is_open() || state_->closed) return;
  State& state = *state_;
  try {
    flush();
    // Flushing first lets a failure abandon the file before the close, which then cannot fail.
    state.writer->writing(state.object, "cannot close dataset",
                          [&] { checked(H5Dflush(state.id), "H5Dflush"); });
  } catch (const Hdf5Error&) {
    state.release();
    throw;
  }
  if (state.release() < 0)
    throw Hdf5Error(state.writer->file, state.object, "cannot close dataset");
  std::vector<std::byte>().swap(buffer_);
}

// ---------------------------------------------------------------------------------------------
// Hdf5Reader

struct Hdf5Reader::Impl {
  std::string file;
  H5::H5File h5;

  H5::DataSet open_dataset(const std::string& object) const {
    if (!path_exists(h5, components(object))) throw Hdf5Error(file, object, "dataset not found");
    if (is_group_at(h5, object)) throw Hdf5Error(file, object, "is a group, not a dataset");
    if (h5.childObjType(object) != H5O_TYPE_DATASET) {
      throw Hdf5Error(file, object, "not a dataset");
    }
    return h5.openDataSet(object);
  }

  // The elements of the dataset at `object`, which must have `rank` dimensions; `shape`
  // receives its dimensions.
  template <Hdf5Element T>
  std::vector<T> read_dataset(const std::string& object, std::size_t rank,
                              std::vector<std::uint64_t>& shape) const {
    const H5::DataSet dataset = open_dataset(object);
    const H5::DataSpace space = dataset.getSpace();
    shape = shape_of(space);
    if (shape.size() != rank) {
      throw Hdf5Error(file, object,
                      "has " + std::to_string(shape.size()) + " dimension(s), expected " +
                          std::to_string(rank));
    }
    return read_elements<T>(
        dataset, element_count(space), file, object, "",
        [&](void* buffer, const H5::DataType& memory) { dataset.read(buffer, memory); });
  }
};

Hdf5Reader::Hdf5Reader(const fs::path& path) : impl_(std::make_unique<Impl>()) {
  silence_hdf5();
  impl_->file = path.string();
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) throw Hdf5Error(impl_->file, "", "cannot open: no such file");
  if (!fs::is_regular_file(status)) {
    throw Hdf5Error(impl_->file, "", "cannot open: not a regular file");
  }
  translated(impl_->file, "", "cannot open", [&] {
    if (!H5::H5File::isHdf5(impl_->file)) throw Hdf5Error(impl_->file, "", "not an HDF5 file");
    impl_->h5.openFile(impl_->file, H5F_ACC_RDONLY);
  });
}

Hdf5Reader::~Hdf5Reader() = default;
Hdf5Reader::Hdf5Reader(Hdf5Reader&&) noexcept = default;
Hdf5Reader& Hdf5Reader::operator=(Hdf5Reader&&) noexcept = default;

const std::string& Hdf5Reader::file() const {
  return impl_->file;
}

bool Hdf5Reader::exists(std::string_view path) const {
  return path_exists(impl_->h5, components(path));
}

bool Hdf5Reader::is_group(std::string_view path) const {
  const std::string object = normalized(path);
  return translated(impl_->file, object, "cannot inspect", [&] {
    return path_exists(impl_->h5, components(object)) && is_group_at(impl_->h5, object);
  });
}

std::vector<std::string> Hdf5Reader::members(std::string_view path) const {
  const std::string object = normalized(path);
  return translated(impl_->file, object, "cannot list group", [&] {
    if (!path_exists(impl_->h5, components(object))) {
      throw Hdf5Error(impl_->file, object, "group not found");
    }
    if (!is_group_at(impl_->h5, object)) throw Hdf5Error(impl_->file, object, "not a group");
    const H5::Group group = impl_->h5.openGroup(object);
    std::vector<std::string> names;
    const hsize_t count = group.getNumObjs();
    for (hsize_t i = 0; i < count; ++i) names.push_back(group.getObjnameByIdx(i));
    std::sort(names.begin(), names.end());
    return names;
  });
}

std::vector<std::uint64_t> Hdf5Reader::dims(std::string_view path) const {
  const std::string object = normalized(path);
  return translated(impl_->file, object, "cannot read shape",
                    [&] { return shape_of(impl_->open_dataset(object).getSpace()); });
}

template <Hdf5Element T>
std::vector<T> Hdf5Reader::read(std::string_view path) const {
  const std::string object = normalized(path);
  return translated(impl_->file, object, "cannot read dataset", [&] {
    std::vector<std::uint64_t> shape;
    return impl_->read_dataset<T>(object, 1, shape);
  });
}

template <Hdf5Element T>
Hdf5Matrix<T> Hdf5Reader::read_matrix(std::string_view path) const {
  const std::string object = normalized(path);
  return translated(impl_->file, object, "cannot read dataset", [&] {
    std::vector<std::uint64_t> shape;
    Hdf5Matrix<T> matrix;
    matrix.values = impl_->read_dataset<T>(object, 2, shape);
    matrix.rows = static_cast<std::size_t>(shape[0]);
    matrix.columns = static_cast<std::size_t>(shape[1]);
    return matrix;
  });
}

bool Hdf5Reader::has_attribute(std::string_view object, std::string_view name) const {
  const std::string target = normalized(object);
  return translated(impl_->file, target, "cannot inspect attributes", [&] {
    bool found = false;
    if (!path_exists(impl_->h5, components(target))) return false;
    with_object(impl_->h5, impl_->file, target, [&](const H5::H5Object& h5_object) {
      found = h5_object.attrExists(std::string(name));
    });
    return found;
  });
}

template <Hdf5AttributeValue T>
T Hdf5Reader::attribute(std::string_view object, std::string_view name) const {
  const std::string target = normalized(object);
  const std::string what = "attribute " + quoted_name(name) + " ";
  return translated(impl_->file, target, "cannot read " + what, [&] {
    T result{};
    with_object(impl_->h5, impl_->file, target, [&](const H5::H5Object& h5_object) {
      if (!h5_object.attrExists(std::string(name))) {
        throw Hdf5Error(impl_->file, target, what + "not found");
      }
      const H5::Attribute attribute = h5_object.openAttribute(std::string(name));
      const std::size_t count = element_count(attribute.getSpace());
      const auto read = [&](void* buffer, const H5::DataType& memory) {
        attribute.read(memory, buffer);
      };
      if constexpr (std::same_as<T, std::vector<double>>) {
        result = read_elements<double>(attribute, count, impl_->file, target, what, read);
      } else {
        if (count != 1) {
          throw Hdf5Error(impl_->file, target,
                          what + "has " + std::to_string(count) + " values, expected 1");
        }
        result = read_elements<T>(attribute, count, impl_->file, target, what, read).front();
      }
    });
    return result;
  });
}

// ---------------------------------------------------------------------------------------------
// Hdf5SliceReader

namespace {

// Reads a chunked dataset's chunks as stored (H5Dread_chunk) and undoes its filters itself, for
// the pipelines lmsim writes — deflate, or shuffle then deflate — when the file's numbers are
// the machine's. Replaying a market file is mostly inflating its chunks: ZlibDecompressor does
// that two to three times faster than the zlib inside HDF5's filter, from the same bytes. Any
// other layout, pipeline or byte order goes through H5Dread.
class DirectChunks {
 public:
  // The dataset's direct reader, or nothing when its storage is not one this reads.
  static std::optional<DirectChunks> open(const H5::DataSet& dataset, std::size_t element_size,
                                          const H5::PredType& native, std::uint64_t size) {
    if constexpr (std::endian::native != std::endian::little) return std::nullopt;
    const H5::DSetCreatPropList creation = dataset.getCreatePlist();
    if (creation.getLayout() != H5D_CHUNKED || !(dataset.getDataType() == native)) {
      return std::nullopt;
    }
    hsize_t chunk = 0;
    // lmsim's chunks are 256 KiB; a huge one (HDF5 allows 4 GiB) is left to HDF5's own reading.
    constexpr hsize_t kLargestChunkBytes = hsize_t{64} << 20;
    if (creation.getChunk(1, &chunk) != 1 || chunk == 0 ||
        chunk > kLargestChunkBytes / element_size) {
      return std::nullopt;
    }
    const int filters = creation.getNfilters();
    if (filters == 0) return std::nullopt;
    bool shuffle = false;
    for (int i = 0; i < filters; ++i) {
      unsigned flags = 0;
      std::size_t values = 0;
      unsigned config = 0;
      const H5Z_filter_t filter = H5Pget_filter2(creation.getId(), static_cast<unsigned>(i), &flags,
                                                 &values, nullptr, 0, nullptr, &config);
      const bool last = i + 1 == filters;
      if (filter == H5Z_FILTER_SHUFFLE && i == 0 && !last) {
        shuffle = true;
      } else if (filter != H5Z_FILTER_DEFLATE || !last) {
        return std::nullopt;
      }
    }
    // Every chunk must be stored: an unwritten one reads as the fill value, which only H5Dread
    // knows.
    hsize_t stored = 0;
    const H5::DataSpace space = dataset.getSpace();
    checked(H5Dget_num_chunks(dataset.getId(), space.getId(), &stored), "H5Dget_num_chunks");
    if (stored != (size + chunk - 1) / chunk) return std::nullopt;
    return DirectChunks(static_cast<std::uint64_t>(chunk), element_size, shuffle, filters);
  }

  // Copies elements [first, first + count) into `out`; false when a chunk is corrupt.
  bool read(const H5::DataSet& dataset, std::uint64_t first, std::size_t count,
            unsigned char* out) {
    const std::uint64_t end = first + count;
    for (std::uint64_t at = first; at < end;) {
      const std::uint64_t index = at / chunk_;
      const std::uint64_t chunk_first = index * chunk_;
      const std::uint64_t until = std::min(end, chunk_first + chunk_);
      unsigned char* to = out + (at - first) * element_size_;
      const bool whole = at == chunk_first && until == chunk_first + chunk_;
      if (whole && !shuffle_ && index != cached_) {
        // The whole chunk is wanted as it is: straight into the caller's buffer.
        if (!load(dataset, index, {to, chunk_ * element_size_})) return false;
      } else {
        if (index != cached_) {
          decoded_.resize(chunk_ * element_size_);
          cached_ = kNone;
          if (!load(dataset, index, decoded_)) return false;
          cached_ = index;
        }
        std::memcpy(to, decoded_.data() + (at - chunk_first) * element_size_,
                    (until - at) * element_size_);
      }
      at = until;
    }
    return true;
  }

 private:
  static constexpr std::uint64_t kNone = ~std::uint64_t{0};

  DirectChunks(std::uint64_t chunk, std::size_t element_size, bool shuffle, int filters)
      : chunk_(chunk),
        element_size_(element_size),
        shuffle_(shuffle),
        deflate_bit_(1u << (filters - 1)),
        inflater_(std::make_unique<ZlibDecompressor>()) {}

  // Reads chunk `index`, unfiltered, into `out` (the chunk's bytes, element_size_ each).
  bool load(const H5::DataSet& dataset, std::uint64_t index, std::span<unsigned char> out) {
    const hsize_t offset[] = {index * chunk_};
    hsize_t bytes = 0;
    checked(H5Dget_chunk_storage_size(dataset.getId(), offset, &bytes),
            "H5Dget_chunk_storage_size");
    // Deflate never grows a chunk by more than a few bytes per 16 KiB block: a larger stored size
    // is a damaged file, not a buffer to allocate.
    if (bytes > out.size() + out.size() / 8 + 1024) return false;
    stored_.resize(bytes);
    std::uint32_t skipped = 0;
    checked(H5Dread_chunk(dataset.getId(), H5P_DEFAULT, offset, &skipped, stored_.data()),
            "H5Dread_chunk");
    std::span<unsigned char> target = out;
    if (shuffle_ && element_size_ > 1) {
      shuffled_.resize(out.size());
      target = shuffled_;
    }
    // A filter marked optional (HDF5's deflate is) is skipped for a chunk it would not shrink.
    if ((skipped & deflate_bit_) != 0) {
      if (stored_.size() != target.size()) return false;
      std::memcpy(target.data(), stored_.data(), target.size());
    } else if (!inflater_->decompress(stored_, target)) {
      return false;
    }
    if (target.data() != out.data()) {
      // H5Z_FILTER_SHUFFLE stored byte j of every element together.
      const std::size_t elements = chunk_;
      for (std::size_t j = 0; j < element_size_; ++j) {
        const unsigned char* from = target.data() + j * elements;
        for (std::size_t i = 0; i < elements; ++i) out[i * element_size_ + j] = from[i];
      }
    }
    return true;
  }

  std::uint64_t chunk_;        // elements per chunk
  std::size_t element_size_;   // bytes per element
  bool shuffle_;               // the pipeline shuffles before deflating
  std::uint32_t deflate_bit_;  // the deflate filter's bit in a chunk's filter mask
  std::unique_ptr<ZlibDecompressor> inflater_;
  std::vector<unsigned char> stored_;    // the chunk as stored
  std::vector<unsigned char> shuffled_;  // inflated, still shuffled
  std::vector<unsigned char> decoded_;   // the chunk `cached_`, unfiltered
  std::uint64_t cached_ = kNone;
};

}  // namespace

struct Hdf5SliceReader::State {
  std::string file;
  std::string object;
  Hdf5Type type = Hdf5Type::kInt64;
  H5::DataSet dataset;
  std::optional<DirectChunks> direct;
};

Hdf5SliceReader::Hdf5SliceReader(const Hdf5Reader& reader, std::string_view path, Hdf5Type type) {
  const Hdf5Reader::Impl& file = *reader.impl_;
  const std::string object = normalized(path);
  if (type == Hdf5Type::kString) {
    throw Hdf5Error(file.file, object, "strings cannot be read in slices (read them whole)");
  }
  translated(file.file, object, "cannot open dataset", [&] {
    H5::DataSet dataset = file.open_dataset(object);
    const std::vector<std::uint64_t> shape = shape_of(dataset.getSpace());
    if (shape.size() != 1) {
      throw Hdf5Error(file.file, object,
                      "has " + std::to_string(shape.size()) + " dimension(s), expected 1");
    }
    const std::string found = stored_type_name(dataset.getDataType());
    const std::string_view wanted = hdf5_type_name(type);
    if (found != wanted) {
      throw Hdf5Error(file.file, object, "stored as " + found + ", not " + std::string(wanted));
    }
    size_ = shape[0];
    std::optional<DirectChunks> direct =
        DirectChunks::open(dataset, element_size(type), native_type(type), size_);
    state_ = std::make_unique<State>(
        State{file.file, object, type, std::move(dataset), std::move(direct)});
  });
}

Hdf5SliceReader::~Hdf5SliceReader() = default;
Hdf5SliceReader::Hdf5SliceReader(Hdf5SliceReader&&) noexcept = default;
Hdf5SliceReader& Hdf5SliceReader::operator=(Hdf5SliceReader&&) noexcept = default;

void Hdf5SliceReader::read(std::uint64_t first, std::size_t count, void* out) const {
  if (!state_) throw std::logic_error("Hdf5SliceReader: used after being moved from");
  State& state = *state_;  // the direct reader's buffers change; one thread at a time
  if (first > size_ || count > size_ - first) {
    throw Hdf5Error(state.file, state.object,
                    "cannot read elements " + std::to_string(first) + " to " +
                        std::to_string(first + count) + ": the dataset has " +
                        std::to_string(size_));
  }
  if (count == 0) return;
  translated(state.file, state.object, "cannot read dataset", [&] {
    if (state.direct) {
      if (!state.direct->read(state.dataset, first, count, static_cast<unsigned char*>(out))) {
        throw Hdf5Error(state.file, state.object,
                        "a chunk holding elements " + std::to_string(first) + " to " +
                            std::to_string(first + count) +
                            " is corrupt (it does not inflate to the chunk's size)");
      }
      return;
    }
    const hsize_t start[] = {first};
    const hsize_t extent[] = {count};
    const H5::DataSpace file_space = state.dataset.getSpace();
    file_space.selectHyperslab(H5S_SELECT_SET, extent, start);
    const H5::DataSpace memory_space(1, extent);
    state.dataset.read(out, native_type(state.type), memory_space, file_space);
  });
}

template std::vector<std::int64_t> Hdf5Reader::read(std::string_view) const;
template std::vector<std::uint64_t> Hdf5Reader::read(std::string_view) const;
template std::vector<std::uint32_t> Hdf5Reader::read(std::string_view) const;
template std::vector<std::uint8_t> Hdf5Reader::read(std::string_view) const;
template std::vector<double> Hdf5Reader::read(std::string_view) const;
template std::vector<std::string> Hdf5Reader::read(std::string_view) const;

template Hdf5Matrix<std::int64_t> Hdf5Reader::read_matrix(std::string_view) const;
template Hdf5Matrix<std::uint64_t> Hdf5Reader::read_matrix(std::string_view) const;
template Hdf5Matrix<std::uint32_t> Hdf5Reader::read_matrix(std::string_view) const;
template Hdf5Matrix<std::uint8_t> Hdf5Reader::read_matrix(std::string_view) const;
template Hdf5Matrix<double> Hdf5Reader::read_matrix(std::string_view) const;
template Hdf5Matrix<std::string> Hdf5Reader::read_matrix(std::string_view) const;

template std::int64_t Hdf5Reader::attribute(std::string_view, std::string_view) const;
template std::uint64_t Hdf5Reader::attribute(std::string_view, std::string_view) const;
template double Hdf5Reader::attribute(std::string_view, std::string_view) const;
template std::string Hdf5Reader::attribute(std::string_view, std::string_view) const;
template std::vector<double> Hdf5Reader::attribute(std::string_view, std::string_view) const;

}  // namespace lmsim::sim::io
