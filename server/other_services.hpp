// Requests meant for another AWS service (`aws s3 ls`, `aws sqs list-queues`, `aws kms
// list-keys` with the endpoint pointed at localiam): recognised by the service in their SigV4
// credential scope, and answered with an AWS-shaped error in that service's own protocol
// (S3's REST XML, the JSON protocol of X-Amz-Target services, or the Query protocol's XML), so
// that the client prints a message saying localiam serves IAM and STS, and how to point the
// other services elsewhere, instead of a parse failure or a confusing "unknown action".
#pragma once

#include <optional>
#include <string>

#include "common/http_message.hpp"

namespace localiam::server {

// The service named by the request's SigV4 credential scope (Authorization header or
// X-Amz-Credential query parameter), lower case; "" when the request is not signed that way.
std::string signed_service(const HttpRequest& request);

// The error answer when `request` is signed for a service other than iam and sts; nullopt for
// IAM, STS, requests with no SigV4 scope and Query requests for an IAM or STS action (those
// go to the dispatcher, which answers a wrong scope with AWS's SignatureDoesNotMatch).
std::optional<HttpResponse> answer_other_service(const HttpRequest& request);

}  // namespace localiam::server
