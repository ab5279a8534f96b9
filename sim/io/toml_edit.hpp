#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

namespace lmsim::sim::io {

// Edits of a TOML document's text that keep everything else as written — comments, order,
// spacing — for `lmsim calibrate`, which writes its input scenario back with some values
// replaced.

/// The node at a key path such as `background.value.mean_interval` or `miners[1].bid_spread`
/// (tables by name, arrays of tables by index); nullptr when there is none.
const toml::node* find_key(const toml::table& root, std::string_view path);

/// `text` (a TOML document read from `file`, for messages) with the value of each key path
/// replaced by the TOML text given (`{"market.fundamental.volatility", "0.031"}`): the value's
/// own characters are replaced where the document has it; a key it lacks is inserted as a line
/// `key = value` after its table's header (a table it lacks is appended at the end). Throws
/// InputError when the text does not parse, when a path crosses a non-table, or when the key is
/// given as part of an inline table or a dotted key (which cannot be edited in place).
std::string replace_values(std::string_view text, const std::string& file,
                           const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace lmsim::sim::io
