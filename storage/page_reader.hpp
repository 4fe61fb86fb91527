// read_page: collects up to `limit` rows from a statement that was asked for limit+1; the
// extra row only tells that the page is truncated.
#pragma once

#include "storage/database.hpp"
#include "storage/rows.hpp"

namespace localiam::storage {

template <typename Row, typename Reader>
Page<Row> read_page(Statement& s, int limit, Reader reader) {
  Page<Row> page;
  while (s.step()) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.truncated = true;
      break;
    }
    page.items.push_back(reader(s));
  }
  return page;
}

}  // namespace localiam::storage
