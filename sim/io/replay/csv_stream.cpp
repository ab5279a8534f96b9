#include "sim/io/replay/csv_stream.hpp"

#include <cstring>

namespace lmsim::sim::replay {

namespace {

// A line this long is not a CSV row of any market-data format; refuse it rather than let one
// corrupt line take all memory.
constexpr std::size_t kMaxLineBytes = std::size_t{64} << 20;

}  // namespace

CsvStream::CsvStream(std::string path, std::size_t buffer_bytes)
    : file_(std::move(path)), buffer_(std::max<std::size_t>(buffer_bytes, 64)) {
  reader_.emplace(std::string_view{}, file_.path());
}

bool CsvStream::refill() {
  line_base_ += reader_->line();
  // Keep the partial line after the last complete one and read on behind it.
  const std::size_t tail = filled_ - consumed_;
  if (tail > 0 && consumed_ > 0) std::memmove(buffer_.data(), buffer_.data() + consumed_, tail);
  filled_ = tail;
  consumed_ = 0;
  while (true) {
    if (!at_end_ && filled_ < buffer_.size()) {
      const std::size_t got =
          file_.read(std::span<char>(buffer_.data() + filled_, buffer_.size() - filled_));
      filled_ += got;
      if (got == 0) at_end_ = true;
    }
    const void* newline = filled_ == 0 ? nullptr : ::memrchr(buffer_.data(), '\n', filled_);
    if (newline != nullptr) {
      consumed_ = static_cast<std::size_t>(static_cast<const char*>(newline) - buffer_.data()) + 1;
      break;
    }
    if (at_end_) {
      consumed_ = filled_;  // a last line without a newline
      break;
    }
    if (filled_ == buffer_.size()) {
      if (buffer_.size() >= kMaxLineBytes) {
        throw io::InputError({path(), line_base_ + 1, 0, ""},
                             "line longer than " + std::to_string(kMaxLineBytes >> 20) + " MiB");
      }
      buffer_.resize(buffer_.size() * 2);
    }
  }
  reader_.emplace(std::string_view(buffer_.data(), consumed_), file_.path(), line_base_ == 0);
  return consumed_ > 0;
}

bool CsvStream::next_row() {
  row_error_.reset();
  while (true) {
    try {
      if (reader_->next_row()) return true;
    } catch (const io::InputError& error) {
      // CsvReader numbers lines from the start of the buffer; report them from the file's.
      io::InputLocation location = error.location();
      location.line += line_base_;
      row_error_.emplace(std::move(location), error.problem());
      return true;
    }
    if (!refill()) return false;
  }
}

io::CsvColumns CsvStream::read_header(const std::vector<std::string_view>& required,
                                      const std::vector<std::string_view>& optional) {
  if (line() == 0 && reader_->field_count() == 0) refill();
  return io::CsvColumns(*reader_, required, optional);
}

io::InputLocation CsvStream::location(std::size_t index, std::string_view column_name) const {
  io::InputLocation location = reader_->location(index, column_name);
  location.line += line_base_;
  return location;
}

}  // namespace lmsim::sim::replay
