// IAM's paging: MaxItems, the opaque Marker (base64 of the position after which a page starts)
// and IsTruncated. A Pager walks a list ordered by position and promises what every List* on
// AWS shows: at most MaxItems items, IsTruncated true exactly when more follow, and then a
// Marker that resumes after the last item listed.
#pragma once

#include <string>
#include <string_view>

#include "auth/action.hpp"

namespace localiam::api {

// MaxItems (default 100).
int max_items(RequestContext& ctx);
// The position a Marker stands for ("" when there is no Marker); ValidationError "Invalid Marker."
Result<std::string> marker_position(RequestContext& ctx);
std::string make_marker(std::string_view position);
// Adds IsTruncated and, when truncated, Marker (pointing after `last`).
void add_paging(XmlNode& result, bool truncated, std::string_view last);

// One page of a list in position order:
//   ASSIGN_OR_RETURN(Pager pager, Pager::from_request(ctx));
//   for (const auto& item : items) {
//     if (pager.before_page(item.id)) continue;
//     if (!pager.take(item.id)) break;
//     write(list.member(), item);
//   }
//   pager.finish(result);
class Pager {
 public:
  // The request's Marker position and MaxItems; ValidationError "Invalid Marker.".
  static Result<Pager> from_request(RequestContext& ctx);
  Pager(std::string after, int limit) : after_(std::move(after)), limit_(limit) {}

  // The position the page starts after ("" for the first page).
  const std::string& after() const { return after_; }
  // Whether an item at `position` was on an earlier page (lists ordered by position as text).
  bool before_page(std::string_view position) const {
    return !after_.empty() && position <= after_;
  }
  // Room for the item at `position`: true, and it is the page's last so far; false when the page
  // is full, which marks it truncated. Ask only for items that would be listed.
  bool take(std::string_view position) {
    if (count_ == limit_) {
      truncated_ = true;
      return false;
    }
    took(position);
    return true;
  }
  // An item listed without take() (from a repository page of at most remaining() items).
  void took(std::string_view position) {
    last_ = position;
    ++count_;
  }
  int remaining() const { return limit_ - count_; }
  int count() const { return count_; }
  const std::string& last() const { return last_; }
  bool truncated() const { return truncated_; }
  void set_truncated(bool truncated) { truncated_ = truncated; }
  // IsTruncated and, when truncated, the Marker after the last item.
  void finish(XmlNode& result) const { add_paging(result, truncated_, last_); }

 private:
  std::string after_;
  int limit_;
  int count_ = 0;
  bool truncated_ = false;
  std::string last_;
};

}  // namespace localiam::api
