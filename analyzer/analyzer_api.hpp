// IAM Access Analyzer's policy-check operations as its REST-JSON API has them: which operation a
// request's method and path name, reading the JSON body (AWS's ValidationException for a
// missing member, a wrong type or a value outside an enum), running the check
// (analyzer/policy_validation.hpp, analyzer/access_checks.hpp) and writing the response body.
// Authentication and authorisation are the caller's (server/analyzer_route.hpp). Pure;
// thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/aws_error.hpp"
#include "common/result.hpp"

namespace localiam::analyzer {

struct AnalyzerOperation {
  std::string_view name;    // "ValidatePolicy"
  std::string_view method;  // "POST"
  std::string_view path;    // "/policy/validation"
};

// The operation served at `method` `path`, or nullptr.
const AnalyzerOperation* find_operation(std::string_view method, std::string_view path);

// The response body (JSON) of `operation` for the request `body`; `query` is the request's
// query string (ValidatePolicy's maxResults and nextToken).
Result<std::string> answer(const AnalyzerOperation& operation, std::string_view body,
                           std::string_view query);

// The JSON body of an error answer: {"message": …} (ValidationException adds its reason).
std::string error_body(const AwsError& error);

}  // namespace localiam::analyzer
