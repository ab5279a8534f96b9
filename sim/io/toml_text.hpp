#pragma once

#include <string>

#include <toml++/toml.h>

namespace lmsim::sim::io {

// TOML written back as lmsim writes every number: floats in their shortest exact form (0.3,
// never 0.29999999999999999), so an effective scenario reads as the user wrote it and parses
// back to the same values.

/// One value as TOML text: strings quoted with escapes, floats shortest with a decimal point,
/// arrays and inline tables (`{ model = "constant", submission = "3s" }`) recursively.
std::string toml_value_text(const toml::node& node);

/// A whole document as TOML text: each table's plain keys, then its sub-tables as [sections]
/// and arrays of tables as [[sections]], keys in the document's (sorted) order. Reading the text
/// back gives an equal document.
std::string toml_document_text(const toml::table& root);

}  // namespace lmsim::sim::io
