#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>

#include "analysis/svg_embed.hpp"

using namespace lmsim::analysis;

namespace {

// The shape of gnuplot 5.4's svg terminal output, shortened.
const std::string kGnuplotSvg = R"svg(<?xml version="1.0" encoding="utf-8"  standalone="no"?>
<svg 
 viewBox="0 0 800 400"
 xmlns="http://www.w3.org/2000/svg"
 xmlns:xlink="http://www.w3.org/1999/xlink"
>

<title>Gnuplot</title>
<desc>Produced by GNUPLOT 5.4 patchlevel 4 </desc>

<g id="gnuplot_canvas">
<defs>
	<circle id='gpDot' r='0.5'/>
	<use xlink:href='#gpPt5' id='gpPt6' fill='currentColor'/>
	<path clip-path="url(#gpclip_1)" d='M1,1'/>
</defs>
</g>
</svg>
)svg";

}  // namespace

TEST_CASE("embed_svg: drops the prolog and namespace URLs, prefixes every id and reference",
          "[svg_embed]") {
  const std::string svg = embed_svg(kGnuplotSvg, "p1-", "Rewards & <shares>");
  CHECK(svg.rfind("<svg role=\"img\" aria-label=\"Rewards &amp; &lt;shares&gt;\"", 0) == 0);
  CHECK(svg.find("<?xml") == std::string::npos);
  CHECK(svg.find("http") == std::string::npos);
  CHECK(svg.find("<title>Rewards &amp; &lt;shares&gt;</title>") != std::string::npos);
  CHECK(svg.find("id=\"p1-gnuplot_canvas\"") != std::string::npos);
  CHECK(svg.find("id='p1-gpDot'") != std::string::npos);
  CHECK(svg.find("xlink:href='#p1-gpPt5' id='p1-gpPt6'") != std::string::npos);
  CHECK(svg.find("url(#p1-gpclip_1)") != std::string::npos);
  CHECK(svg.find("id='gp") == std::string::npos);
  CHECK(svg.size() > 10);
  CHECK(svg.substr(svg.size() - 6) == "</svg>");
}

TEST_CASE("embed_svg: different prefixes give disjoint ids", "[svg_embed]") {
  const std::string a = embed_svg(kGnuplotSvg, "a-", "A");
  const std::string b = embed_svg(kGnuplotSvg, "b-", "B");
  CHECK(a.find("id=\"a-gnuplot_canvas\"") != std::string::npos);
  CHECK(b.find("id=\"a-") == std::string::npos);
}

TEST_CASE("embed_svg: refuses what is not an SVG document", "[svg_embed]") {
  CHECK_THROWS_AS(embed_svg("gnuplot: error", "p-", "x"), std::invalid_argument);
  CHECK_THROWS_AS(embed_svg("<svg viewBox='0 0 1 1'>", "p-", "x"), std::invalid_argument);
}
