// The web console's files (console/assets/: one page, one stylesheet, one script), linked into
// the binary as bytes, so that the console works with no network and no files beside the binary.
#pragma once

#include <string_view>

namespace localiam::console {

struct ConsoleAsset {
  std::string_view content_type;
  std::string_view bytes;
};

// "index.html", "console.css" or "console.js"; nullptr for any other name.
const ConsoleAsset* find_console_asset(std::string_view name);

}  // namespace localiam::console
