#include "analysis/svg_embed.hpp"

#include <stdexcept>

#include "analysis/report_format.hpp"

namespace lmsim::analysis {

namespace {

/// Inserts `prefix` after every occurrence of `marker` in `text`.
std::string prefix_after(std::string_view text, std::string_view marker, std::string_view prefix) {
  std::string result;
  result.reserve(text.size());
  std::size_t from = 0;
  while (true) {
    const std::size_t at = text.find(marker, from);
    if (at == std::string_view::npos) break;
    result.append(text.substr(from, at + marker.size() - from));
    result.append(prefix);
    from = at + marker.size();
  }
  result.append(text.substr(from));
  return result;
}

}  // namespace

std::string embed_svg(std::string_view svg, std::string_view id_prefix, std::string_view label) {
  const std::size_t begin = svg.find("<svg");
  const std::size_t close = svg.rfind("</svg>");
  if (begin == std::string_view::npos || close == std::string_view::npos || close < begin) {
    throw std::invalid_argument("embed_svg: not an SVG document");
  }
  std::string element(svg.substr(begin, close + 6 - begin));
  for (const std::string_view marker :
       {" id=\"", " id='", "href=\"#", "href='#", "url(#", "\tid=\"", "\tid='", "\nid=\""}) {
    element = prefix_after(element, marker, id_prefix);
  }
  // Inside HTML the parser puts <svg> in the SVG namespace and knows xlink:href, so the
  // namespace declarations are dropped: the page then names no URL at all.
  for (const std::string_view declaration :
       {" xmlns=\"http://www.w3.org/2000/svg\"", " xmlns:xlink=\"http://www.w3.org/1999/xlink\""}) {
    if (const std::size_t at = element.find(declaration); at != std::string::npos) {
      element.erase(at, declaration.size());
    }
  }
  const std::string escaped = html_escape(label);
  const std::string gnuplot_title = "<title>Gnuplot</title>";
  if (const std::size_t at = element.find(gnuplot_title); at != std::string::npos) {
    element.replace(at, gnuplot_title.size(), "<title>" + escaped + "</title>");
  }
  element.replace(0, 4, "<svg role=\"img\" aria-label=\"" + escaped + "\"");
  return element;
}

}  // namespace lmsim::analysis
