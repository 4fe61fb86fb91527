// Generated secrets of IAM service-specific credentials, from OpenSSL's CSPRNG: the password
// of a CodeCommit/Keyspaces credential (44 characters, Base64 of 32 random bytes, as AWS's
// look) and a long-term API key (Bedrock's form: "ABSK" + Base64 of "<alias>:<secret>").
#pragma once

#include <string>
#include <string_view>

namespace localiam::credentials {

std::string make_service_password();

// A fresh API key for the credential whose public alias is `alias`.
std::string make_service_api_key(std::string_view alias);

}  // namespace localiam::credentials
