// The gateway's own answers (a refusal, an authentication failure, the upstream unreachable) in
// the protocol of the service the client called, so that its SDK reads the code and message:
// the awsJson protocols' {"__type": …, "message": …} (DynamoDB's "com.amazon.coral.service#"
// codes with "Message"), the Query protocol's <ErrorResponse>, and REST-XML's <Error>.
#pragma once

#include <string>
#include <string_view>

#include "common/aws_error.hpp"
#include "common/http_message.hpp"

namespace localiam::gateway {

// `service` is the IAM prefix the request was signed for ("dynamodb").
HttpResponse error_answer(const HttpRequest& request, std::string_view service,
                          const AwsError& error, const std::string& request_id);

// The JSON protocols name some authentication errors differently from IAM's Query protocol:
// InvalidClientTokenId is UnrecognizedClientException, SignatureDoesNotMatch
// InvalidSignatureException (both 400). Other codes are returned as they are.
AwsError json_protocol_error(const AwsError& error);

// True for an awsJson request (X-Amz-Target, or a JSON content type).
bool is_json_request(const HttpRequest& request);

}  // namespace localiam::gateway
