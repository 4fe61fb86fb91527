// iam/paging: the Pager lists at most MaxItems items after the Marker's position, says
// IsTruncated exactly when more follow, and its Marker resumes after the last item listed.
#include "iam/paging.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "query/xml_writer.hpp"

using namespace localiam::api;

namespace {

// One page of `items` (sorted) the way the IAM List* handlers walk them; the listed items, and
// the IsTruncated and Marker the page ends with ("" for no Marker).
struct Listed {
  std::vector<std::string> items;
  std::string truncated;
  std::string marker;
};

Listed list_page(const std::vector<std::string>& items, std::string after, int limit) {
  Pager pager(std::move(after), limit);
  XmlNode result;
  XmlNode& list = result.list("Items");
  for (const std::string& item : items) {
    if (pager.before_page(item)) continue;
    if (!pager.take(item)) break;
    list.member_text(item);
  }
  pager.finish(result);
  Listed out;
  for (const XmlNode& node : result.children()) {
    if (node.name() == "Items")
      for (const XmlNode& member : node.children()) out.items.push_back(member.value());
    if (node.name() == "IsTruncated") out.truncated = node.value();
    if (node.name() == "Marker") out.marker = node.value();
  }
  return out;
}

}  // namespace

TEST_CASE("Pager pages through a list and its Marker resumes after the last item",
          "[iam][paging]") {
  const std::vector<std::string> items = {"a", "b", "c", "d", "e"};
  Listed first = list_page(items, "", 2);
  CHECK(first.items == std::vector<std::string>{"a", "b"});
  CHECK(first.truncated == "true");
  CHECK(first.marker == make_marker("b"));

  Listed second = list_page(items, "b", 2);
  CHECK(second.items == std::vector<std::string>{"c", "d"});
  CHECK(second.truncated == "true");
  CHECK(second.marker == make_marker("d"));

  Listed last = list_page(items, "d", 2);
  CHECK(last.items == std::vector<std::string>{"e"});
  CHECK(last.truncated == "false");
  CHECK(last.marker.empty());
}

TEST_CASE("Pager: a page that holds exactly the rest is not truncated", "[iam][paging]") {
  const std::vector<std::string> items = {"a", "b", "c"};
  Listed all = list_page(items, "", 3);
  CHECK(all.items == items);
  CHECK(all.truncated == "false");
  CHECK(all.marker.empty());
  Listed none = list_page({}, "", 3);
  CHECK(none.items.empty());
  CHECK(none.truncated == "false");
  // A Marker past the end lists nothing.
  Listed past = list_page(items, "z", 3);
  CHECK(past.items.empty());
  CHECK(past.truncated == "false");
}

TEST_CASE("Pager: items listed from a repository page count against MaxItems", "[iam][paging]") {
  Pager pager("", 3);
  REQUIRE(pager.take("a:first"));
  CHECK(pager.remaining() == 2);
  pager.took("l:one");
  pager.took("l:two");
  CHECK(pager.remaining() == 0);
  CHECK(pager.count() == 3);
  CHECK(pager.last() == "l:two");
  CHECK_FALSE(pager.truncated());
  pager.set_truncated(true);
  XmlNode result;
  pager.finish(result);
  REQUIRE(result.children().size() == 2);
  CHECK(result.children().back().value() == make_marker("l:two"));
}

TEST_CASE("make_marker is base64 of the position", "[iam][paging]") {
  CHECK(make_marker("b") == "Yg==");
  CHECK(make_marker("u:alice") == "dTphbGljZQ==");
  CHECK(make_marker("") == "");
}
