#include "server/other_services.hpp"

#include <cctype>
#include <string_view>

#include "api/action_table.hpp"
#include "common/random_ids.hpp"
#include "query/xml_writer.hpp"
#include "server/access_log.hpp"

namespace localiam::server {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "AKID/20260101/us-east-1/s3/aws4_request" -> "s3".
std::string scope_service(std::string_view credential) {
  size_t end = credential.find("/aws4_request");
  if (end == std::string_view::npos) return "";
  credential = credential.substr(0, end);
  size_t slash = credential.rfind('/');
  if (slash == std::string_view::npos) return "";
  return lower(credential.substr(slash + 1));
}

// The Query protocol's Action parameter in a form, "" when there is none.
std::string action_of(std::string_view form) {
  while (!form.empty()) {
    const size_t amp = form.find('&');
    std::string_view pair = form.substr(0, amp);
    form = amp == std::string_view::npos ? std::string_view() : form.substr(amp + 1);
    if (pair.starts_with("Action=")) return std::string(pair.substr(7));
  }
  return "";
}

std::string message_for(const std::string& service) {
  return "localiam serves IAM and STS only, not " + service + ". To have localiam enforce IAM on " +
         service +
         " and forward it to an AWS emulator, start localiam with --upstream URL (or "
         "LOCALIAM_UPSTREAM=URL), for example `MOTO_ACCOUNT_ID=000000000000 moto_server -p 5000 "
         "&` then `localiam --auth enforce --upstream http://127.0.0.1:5000`. Otherwise point "
         "only IAM and STS at localiam (AWS_ENDPOINT_URL_IAM and AWS_ENDPOINT_URL_STS, or "
         "endpoint_url on the iam and sts clients), and " +
         service + " at its own endpoint.";
}

}  // namespace

std::string signed_service(const HttpRequest& request) {
  if (const std::string* auth = request.header("Authorization")) {
    size_t at = auth->find("Credential=");
    if (at == std::string::npos) return "";
    std::string_view rest = std::string_view(*auth).substr(at + 11);
    return scope_service(rest.substr(0, rest.find_first_of(", ")));
  }
  // A presigned URL: X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request.
  std::string_view query = request.query();
  size_t at = query.find("X-Amz-Credential=");
  if (at == std::string_view::npos) return "";
  const std::string_view raw = query.substr(at + 17, query.substr(at + 17).find('&'));
  std::string value;  // with each %2F (any case) read as '/'
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw.substr(i, 2) == "%2" && i + 2 < raw.size() && (raw[i + 2] | 0x20) == 'f') {
      value += '/';
      i += 2;
    } else {
      value += raw[i];
    }
  }
  return scope_service(value);
}

std::optional<HttpResponse> answer_other_service(const HttpRequest& request) {
  const std::string service = signed_service(request);
  if (service.empty() || api::service_from_name(service)) return std::nullopt;
  const std::string request_id = make_request_id();
  const std::string message = message_for(service);
  HttpResponse r;
  r.status = 400;
  r.headers.emplace_back("x-amzn-RequestId", request_id);
  const std::string* target = request.header("X-Amz-Target");
  const std::string* content_type = request.header("Content-Type");
  const bool json = target || (content_type && content_type->find("json") != std::string::npos);
  if (json) {
    // The JSON protocols: the code in __type (and x-amzn-ErrorType for REST-JSON services).
    r.content_type = "application/x-amz-json-1.1";
    r.headers.emplace_back("x-amzn-ErrorType", "UnknownOperationException");
    r.body =
        "{\"__type\":\"UnknownOperationException\",\"message\":\"" + json_escape(message) + "\"}";
    return r;
  }
  std::string action = action_of(request.body);
  if (action.empty()) action = action_of(request.query());
  // An IAM or STS action signed for the wrong service is IAM's business: it answers AWS's
  // SignatureDoesNotMatch ("Credential should be scoped to correct service").
  if (api::find_action_any_service(action)) return std::nullopt;
  r.content_type = "text/xml";
  if (!action.empty()) {
    r.body = "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>" +
             api::xml_escape(message) + "</Message></Error><RequestId>" + request_id +
             "</RequestId></ErrorResponse>";
    return r;
  }
  // REST XML (S3 and its kind): <Error> at the top.
  r.content_type = "application/xml";
  r.headers.emplace_back("x-amz-request-id", request_id);
  r.body =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NotImplemented</Code><Message>" +
      api::xml_escape(message) + "</Message><RequestId>" + request_id + "</RequestId></Error>";
  return r;
}

}  // namespace localiam::server
