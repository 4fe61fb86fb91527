#include "console/console_assets.hpp"

extern "C" {
extern const char localiam_console_html[];
extern const char localiam_console_html_end[];
extern const char localiam_console_css[];
extern const char localiam_console_css_end[];
extern const char localiam_console_js[];
extern const char localiam_console_js_end[];
}

namespace localiam::console {

namespace {

std::string_view bytes(const char* begin, const char* end) {
  return std::string_view(begin, static_cast<size_t>(end - begin));
}

}  // namespace

const ConsoleAsset* find_console_asset(std::string_view name) {
  static const ConsoleAsset html{"text/html; charset=utf-8",
                                 bytes(localiam_console_html, localiam_console_html_end)};
  static const ConsoleAsset css{"text/css; charset=utf-8",
                                bytes(localiam_console_css, localiam_console_css_end)};
  static const ConsoleAsset js{"text/javascript; charset=utf-8",
                               bytes(localiam_console_js, localiam_console_js_end)};
  if (name == "index.html") return &html;
  if (name == "console.css") return &css;
  if (name == "console.js") return &js;
  return nullptr;
}

}  // namespace localiam::console
