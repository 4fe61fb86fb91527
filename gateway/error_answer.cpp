#include "gateway/error_answer.hpp"

#include "common/json_escape.hpp"
#include "query/xml_writer.hpp"

namespace localiam::gateway {

namespace {

bool is_query_request(const HttpRequest& request) {
  const std::string* type = request.header("Content-Type");
  return (type && type->starts_with("application/x-www-form-urlencoded") &&
          request.body.find("Action=") != std::string::npos) ||
         request.query().find("Action=") != std::string_view::npos;
}

}  // namespace

bool is_json_request(const HttpRequest& request) {
  const std::string* type = request.header("Content-Type");
  return request.header("X-Amz-Target") || (type && type->find("json") != std::string::npos);
}

AwsError json_protocol_error(const AwsError& error) {
  AwsError out = error;
  if (error.code == "InvalidClientTokenId") {
    out.code = "UnrecognizedClientException";
    out.http_status = 400;
  } else if (error.code == "SignatureDoesNotMatch") {
    out.code = "InvalidSignatureException";
    out.http_status = 400;
  }
  return out;
}

HttpResponse error_answer(const HttpRequest& request, std::string_view service,
                          const AwsError& error, const std::string& request_id) {
  HttpResponse r;
  r.status = error.http_status;
  r.headers.emplace_back("x-amzn-RequestId", request_id);
  // Lambda speaks rest-json: JSON errors even for requests that carry no JSON.
  if (is_json_request(request) || service == "lambda") {
    const AwsError e = json_protocol_error(error);
    r.status = e.http_status;
    // DynamoDB answers in JSON 1.0 with Coral's qualified codes and "Message"
    // ({"__type":"com.amazon.coral.service#AccessDeniedException","Message":"User: …"}).
    const bool dynamodb = service == "dynamodb";
    r.content_type = dynamodb ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
    const std::string type = dynamodb ? "com.amazon.coral.service#" + e.code : e.code;
    r.headers.emplace_back("x-amzn-ErrorType", e.code);
    r.body = "{\"__type\":\"" + json_escape(type) + "\",\"" + (dynamodb ? "Message" : "message") +
             "\":\"" + json_escape(e.message) + "\"}";
    return r;
  }
  if (is_query_request(request)) {
    r.content_type = "text/xml";
    r.body = "<ErrorResponse><Error><Type>" +
             std::string(error.sender_fault ? "Sender" : "Receiver") + "</Type><Code>" +
             api::xml_escape(error.code) + "</Code><Message>" + api::xml_escape(error.message) +
             "</Message></Error><RequestId>" + request_id + "</RequestId></ErrorResponse>";
    return r;
  }
  // REST-XML (S3 and its kind): <Error> at the top.
  r.content_type = "application/xml";
  r.headers.emplace_back("x-amz-request-id", request_id);
  r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" +
           api::xml_escape(error.code) + "</Code><Message>" + api::xml_escape(error.message) +
           "</Message><RequestId>" + request_id + "</RequestId></Error>";
  return r;
}

}  // namespace localiam::gateway
