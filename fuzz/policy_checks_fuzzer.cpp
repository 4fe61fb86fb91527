// Fuzzes IAM Access Analyzer's offline checks on arbitrary documents: ValidatePolicy for every
// policy type (every finding must point inside the document), and the custom checks. Invariants:
// a policy grants no new access compared with itself, and the checks either answer or refuse the
// document as not a policy.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "analyzer/access_checks.hpp"
#include "analyzer/policy_validation.hpp"

using namespace localiam::analyzer;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16384) return 0;  // ValidatePolicy's inputs are policies, not megabytes
  const std::string_view doc(reinterpret_cast<const char*>(data), size);
  for (ValidatedPolicyType type :
       {ValidatedPolicyType::kIdentity, ValidatedPolicyType::kResource,
        ValidatedPolicyType::kServiceControl, ValidatedPolicyType::kResourceControl}) {
    for (const Finding& f : validate_policy(doc, type, "AWS::IAM::AssumeRolePolicyDocument")) {
      for (const FindingLocation& l : f.locations)
        if (l.start.offset > l.end.offset || l.end.offset > doc.size()) std::abort();
      if (f.issue_code.empty() || f.details.empty()) std::abort();
    }
  }
  for (AccessPolicyType type : {AccessPolicyType::kIdentity, AccessPolicyType::kResource}) {
    auto same = check_no_new_access(doc, doc, type);
    if (same.ok() && !same->pass) std::abort();
  }
  (void)check_no_public_access(doc, "AWS::S3::Bucket");
  (void)check_access_not_granted(doc, {{{"s3:GetObject"}, {}}}, AccessPolicyType::kIdentity);
  return 0;
}
