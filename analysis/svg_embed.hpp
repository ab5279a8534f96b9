#pragma once

#include <string>
#include <string_view>

namespace lmsim::analysis {

/// Turns an SVG document written by gnuplot's svg terminal into an element to place inside an
/// HTML page:
/// - everything before the `<svg` element (the XML declaration, a DOCTYPE naming an external DTD)
///   is dropped, and so is anything after `</svg>`;
/// - every `id` and every local reference to one (`href="#x"`, `xlink:href='#x'`, `url(#x)`) is
///   prefixed with `id_prefix`, because gnuplot gives every plot the same ids (`gpPt0`,
///   `gnuplot_canvas`, …) and ids must be unique in a page;
/// - the root's xmlns and xmlns:xlink declarations are dropped (HTML needs neither), so the page
///   contains no URL;
/// - gnuplot's `<title>Gnuplot</title>` becomes `<title>label</title>` (HTML-escaped), what a
///   screen reader or a tooltip shows, and the root gets role="img" and aria-label="label".
/// The drawing itself is left untouched. Throws std::invalid_argument when there is no `<svg`
/// element or no `</svg>`.
std::string embed_svg(std::string_view svg, std::string_view id_prefix, std::string_view label);

}  // namespace lmsim::analysis
