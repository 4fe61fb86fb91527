// A bound on how deeply JSON text nests, checked before RapidJSON's DOM parser (which recurses
// once per level, as does writing a document back out) sees a request body: without it a body of
// a few hundred thousand '[' overflows a server thread's stack. Pure; thread-safe.
#pragma once

#include <string_view>

namespace localiam {

// Deep enough for every JSON document localiam reads from a request (state snapshots, clock
// settings, OIDC claims, JWT headers and claims).
inline constexpr int kMaxJsonNesting = 64;

// False when arrays and objects in `text` nest deeper than `max_depth` (brackets inside strings
// do not count). Text that is not JSON passes when it does not nest too deeply: the parser
// reports it.
bool json_nesting_within(std::string_view text, int max_depth = kMaxJsonNesting);

}  // namespace localiam
