#include "data/managed_policy_catalog.hpp"

#include <openssl/sha.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "common/arn.hpp"
#include "common/clock.hpp"

// The catalogue's JSON, placed in .rodata by data/managed_policies_blob.S (a NUL follows _end).
extern "C" const char localiam_managed_policies_json[];
extern "C" const char localiam_managed_policies_json_end[];

namespace localiam::data {

namespace {

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// Real AWS ids cannot be known offline, so each id is a pure function of the ARN: every run, and
// every localiam instance, reports the same PolicyId for the same policy.
std::string derive_policy_id(std::string_view arn) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(arn.data()), arn.size(), digest);
  std::string id = "ANPA";
  // 17 symbols x 5 bits = 85 bits, read most-significant first from the digest.
  for (size_t i = 0; i < 17; ++i) {
    const size_t bit = i * 5;
    const unsigned pair = (static_cast<unsigned>(digest[bit / 8]) << 8) | digest[bit / 8 + 1];
    id.push_back(kBase32[(pair >> (11 - bit % 8)) & 0x1f]);
  }
  return id;
}

[[noreturn]] void fail(const char* what, std::string_view policy) {
  // The JSON is part of the build; if it is unusable the binary itself is broken.
  std::fprintf(stderr, "localiam: embedded managed policy catalogue is corrupt: %s (%.*s)\n", what,
               static_cast<int>(policy.size()), policy.data());
  std::abort();
}

// SAX handler for {"Name": {"Path": …, "Document": {…}, …}, …}. Scalar fields are stored as they
// arrive; the Document value is re-emitted through a Writer, which yields compact JSON without
// ever building a DOM of the 3 MB file.
class CatalogHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, CatalogHandler> {
 public:
  explicit CatalogHandler(std::vector<ManagedPolicy>& out) : out_(out), writer_(buffer_) {}

  bool Default() { return fail_here("unexpected value"); }
  bool Null() { return capturing() ? finish_value(writer_.Null()) : Default(); }
  bool Bool(bool b) { return capturing() ? finish_value(writer_.Bool(b)) : Default(); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) {
    if (capturing()) return finish_value(writer_.RawNumber(s, n, copy));
    if (depth_ == 2 && field_ == "PermissionsBoundaryUsageCount") {
      int v = 0;
      auto [end, ec] = std::from_chars(s, s + n, v);
      if (ec != std::errc() || end != s + n) return fail_here("bad PermissionsBoundaryUsageCount");
      current().permissions_boundary_usage_count = v;
      return true;
    }
    return Default();
  }
  bool String(const char* s, rapidjson::SizeType n, bool copy) {
    if (capturing()) return finish_value(writer_.String(s, n, copy));
    if (depth_ != 2) return Default();
    std::string_view v(s, n);
    ManagedPolicy& p = current();
    if (field_ == "Path") {
      p.path = v;
    } else if (field_ == "DefaultVersionId") {
      p.default_version_id = v;
    } else if (field_ == "CreateDate" || field_ == "UpdateDate") {
      std::optional<int64_t> t = parse_iso8601(v);
      if (!t) return fail_here("bad date");
      (field_ == "CreateDate" ? p.create_date : p.update_date) = *t;
    } else {
      return Default();
    }
    return true;
  }
  bool StartObject() {
    if (capturing() || (depth_ == 2 && field_ == "Document")) {
      ++capture_depth_;
      return writer_.StartObject();
    }
    if (depth_ == 1) {
      out_.emplace_back().name = std::move(field_);
      seen_document_ = false;
    } else if (depth_ != 0) {
      return Default();
    }
    ++depth_;
    return true;
  }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) {
    if (capturing()) return writer_.Key(s, n, copy);
    field_.assign(s, n);
    return true;
  }
  bool EndObject(rapidjson::SizeType members) {
    if (capturing()) {
      --capture_depth_;
      return finish_value(writer_.EndObject(members));
    }
    --depth_;
    if (depth_ == 1) {
      if (!seen_document_ || current().path.empty() || current().default_version_id.empty())
        return fail_here("missing field");
      ManagedPolicy& p = current();
      p.arn = arn::aws_managed_policy(arn::Partition::kAws, p.path, p.name);
      p.policy_id = derive_policy_id(p.arn);
    }
    return true;
  }
  bool StartArray() {
    if (!capturing()) return Default();
    ++capture_depth_;
    return writer_.StartArray();
  }
  bool EndArray(rapidjson::SizeType elements) {
    --capture_depth_;
    return finish_value(writer_.EndArray(elements));
  }

 private:
  bool capturing() const { return capture_depth_ > 0; }
  ManagedPolicy& current() { return out_.back(); }

  // Called after each value written while capturing; when the Document value is complete, moves
  // the compact text into the policy (copied at its exact size) and reuses the buffer.
  bool finish_value(bool ok) {
    if (!ok) return false;
    if (capture_depth_ == 0) {
      current().document.assign(buffer_.GetString(), buffer_.GetSize());
      seen_document_ = true;
      buffer_.Clear();
      writer_.Reset(buffer_);
    }
    return true;
  }

  bool fail_here(const char* what) {
    fail(what, out_.empty() ? std::string_view(field_) : std::string_view(out_.back().name));
  }

  std::vector<ManagedPolicy>& out_;
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
  std::string field_;      // last key seen outside the Document (policy name or field name)
  int depth_ = 0;          // object depth outside the Document
  int capture_depth_ = 0;  // nesting inside the Document being captured
  bool seen_document_ = false;
};

// The blob's pages were read once to build the catalogue and are not needed again; dropping them
// keeps ~3 MB of clean file-backed pages out of the resident set. Safe because the mapping is
// read-only and file-backed: a later access would fault the bytes back in from the binary.
void release_blob_pages(const char* begin, const char* end) {
#if defined(__linux__)
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t first = (reinterpret_cast<uintptr_t>(begin) + page - 1) & ~(page - 1);
  const uintptr_t last = reinterpret_cast<uintptr_t>(end) & ~(page - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
#else
  (void)begin;
  (void)end;
#endif
}

}  // namespace

ManagedPolicyCatalog::ManagedPolicyCatalog() {
  const char* begin = localiam_managed_policies_json;
  const char* end = localiam_managed_policies_json_end;
  policies_.reserve(1536);
  {
    CatalogHandler handler(policies_);
    rapidjson::MemoryStream stream(begin, static_cast<size_t>(end - begin));
    rapidjson::Reader reader;
    // Trusted input built into the binary (its UTF-8 and shape are checked by the unit tests),
    // so no encoding validation or depth limit: they would double the start-up cost. Numbers
    // stay text so that documents keep them exactly as AWS wrote them.
    if (!reader.Parse<rapidjson::kParseNumbersAsStringsFlag>(stream, handler)) {
      fail("not valid JSON", "");
    }
  }
  release_blob_pages(begin, end);
  policies_.shrink_to_fit();
  std::sort(policies_.begin(), policies_.end(),
            [](const ManagedPolicy& a, const ManagedPolicy& b) { return a.name < b.name; });
  by_arn_.resize(policies_.size());
  for (size_t i = 0; i < by_arn_.size(); ++i) by_arn_[i] = i;
  std::sort(by_arn_.begin(), by_arn_.end(),
            [this](size_t a, size_t b) { return policies_[a].arn < policies_[b].arn; });
}

const ManagedPolicyCatalog& ManagedPolicyCatalog::instance() {
  static const ManagedPolicyCatalog catalog;
  return catalog;
}

const ManagedPolicy* ManagedPolicyCatalog::find_by_arn(std::string_view arn) const {
  // The catalogue holds each policy once, under its aws-partition ARN; the same policy in
  // another partition (arn:aws-cn:iam::aws:policy/…) is looked up by that ARN.
  std::string in_aws;
  if (!arn.starts_with("arn:aws:")) {
    if (!arn::is_aws_managed_policy(arn)) return nullptr;
    in_aws = arn::with_partition(arn, arn::Partition::kAws);
    arn = in_aws;
  }
  auto it = std::lower_bound(
      by_arn_.begin(), by_arn_.end(), arn,
      [this](size_t i, std::string_view key) { return std::string_view(policies_[i].arn) < key; });
  if (it == by_arn_.end() || policies_[*it].arn != arn) return nullptr;
  return &policies_[*it];
}

}  // namespace localiam::data
