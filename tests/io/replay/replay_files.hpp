#pragma once

#include <zlib.h>

#include <stdexcept>
#include <string>

namespace lmsim::test {

/// A file of the replay excerpts (tests/data/replay/).
inline std::string replay_data(const std::string& name) {
  return std::string(LMSIM_SOURCE_DIR) + "/tests/data/replay/" + name;
}

/// Writes `from` gzip-compressed (or, with `compress` false, decompressed) to `to`.
inline void copy_gzip(const std::string& from, const std::string& to, bool compress) {
  gzFile in = gzopen(from.c_str(), "rb");
  gzFile out = gzopen(to.c_str(), compress ? "wb9" : "wbT");
  if (in == nullptr || out == nullptr) {
    if (in != nullptr) gzclose(in);
    if (out != nullptr) gzclose(out);
    throw std::runtime_error("copy_gzip: cannot open " + from + " or " + to);
  }
  char buffer[65536];
  int got = 0;
  bool written = true;
  while ((got = gzread(in, buffer, sizeof buffer)) > 0)
    written = written && gzwrite(out, buffer, static_cast<unsigned>(got)) == got;
  gzclose(in);
  if (gzclose(out) != Z_OK || !written || got < 0)
    throw std::runtime_error("copy_gzip: cannot copy " + from + " to " + to);
}

}  // namespace lmsim::test
