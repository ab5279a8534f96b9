#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/gnuplot_script.hpp"
#include "analysis/report_format.hpp"
#include "analysis/svg_embed.hpp"

namespace lmsim::analysis {

// The building blocks every lmsim HTML report shares (the run report and the sweep report): one
// style sheet, tables of escaped cells, sections and figures. Self-contained pages: inline CSS and
// SVG, nothing fetched.

inline constexpr const char* kReportStyle = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
  max-width:1120px;margin:2em auto;padding:0 1.2em;color:#1d1d1d;line-height:1.45}
h1{font-size:1.65em;margin-bottom:.2em}
h2{font-size:1.3em;border-bottom:2px solid #d0d7de;padding-bottom:.2em;margin-top:2.2em}
h3{font-size:1.05em;margin-top:1.6em}
p.lead{color:#444;font-size:1.02em}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em}
th,td{border:1px solid #d0d7de;padding:.25em .6em;vertical-align:top}
thead th{background:#f0f3f6;position:sticky;top:0}
th{text-align:left;font-weight:600}
tbody th{background:#f8f9fa;font-weight:normal;white-space:nowrap}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.t{word-break:break-all;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
.wide{overflow-x:auto}
figure{margin:1.4em 0 2em}
figure svg{width:100%;max-width:900px;height:auto;display:block}
figure.half svg{max-width:620px}
figcaption{color:#444;font-size:.9em;max-width:900px}
figcaption b{color:#1d1d1d}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:.7em;overflow:auto;font-size:.82em;max-height:36em}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
.note{color:#555;font-size:.9em}
.cov{color:#8a6d00;font-size:.85em}
ul.notes li{margin:.2em 0}
nav ol{columns:2;font-size:.95em}
dt{font-weight:600;margin-top:.6em}
dd{margin-left:1.4em}
footer{margin-top:3em;color:#666;font-size:.85em;border-top:1px solid #d0d7de;padding-top:.6em}
)css";

/// One table cell: `html` is already escaped (or markup); numbers are right-aligned.
struct Cell {
  std::string html;
  enum class Kind { kText, kNumber, kCode } kind = Kind::kText;
};

inline Cell text(std::string_view value) {
  return {html_escape(value), Cell::Kind::kText};
}
inline Cell markup(std::string html) {
  return {std::move(html), Cell::Kind::kText};
}
inline Cell number(std::string formatted) {
  return {html_escape(formatted), Cell::Kind::kNumber};
}
inline Cell code(std::string_view value) {
  return {html_escape(value), Cell::Kind::kCode};
}

/// A table with a header row and rows whose first cell is a row header.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}

  void add(std::vector<Cell> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.empty(); }

  std::string html(bool row_headers = true) const {
    std::string out = "<div class=\"wide\"><table>\n<thead><tr>";
    for (const std::string& title : header_) out += "<th>" + html_escape(title) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (const std::vector<Cell>& row : rows_) {
      out += "<tr>";
      for (std::size_t i = 0; i < row.size(); ++i) {
        const Cell& cell = row[i];
        if (i == 0 && row_headers) {
          out += "<th>" + cell.html + "</th>";
          continue;
        }
        switch (cell.kind) {
          case Cell::Kind::kNumber:
            out += "<td class=\"n\">";
            break;
          case Cell::Kind::kCode:
            out += "<td class=\"t\">";
            break;
          case Cell::Kind::kText:
            out += "<td>";
            break;
        }
        out += cell.html + "</td>";
      }
      out += "</tr>\n";
    }
    return out + "</tbody>\n</table></div>\n";
  }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<Cell>> rows_;
};

inline std::string paragraph(std::string_view html, std::string_view css_class = {}) {
  return (css_class.empty() ? std::string("<p>") : "<p class=\"" + std::string(css_class) + "\">") +
         std::string(html) + "</p>\n";
}

inline std::string section_start(std::string_view id, std::string_view title) {
  return "\n<section id=\"" + std::string(id) + "\">\n<h2>" + html_escape(title) + "</h2>\n";
}
inline constexpr const char* kSectionEnd = "</section>\n";

/// A plot as a figure: its SVG (cleaned and its ids prefixed by embed_svg) and its caption.
inline std::string figure(const PlotScript& plot, const std::string& svg) {
  const bool half = plot.width < 800;
  return "<figure id=\"plot-" + plot.id + "\"" + (half ? " class=\"half\"" : "") + ">\n" +
         embed_svg(svg, plot.id + "-", plot.title) + "\n<figcaption><b>" + html_escape(plot.title) +
         ".</b> " + html_escape(plot.caption) + "</figcaption>\n</figure>\n";
}

}  // namespace lmsim::analysis
