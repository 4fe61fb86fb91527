#include "common/aws_error.hpp"

#include <utility>

namespace localiam::errors {

#define LOCALIAM_DEFINE_AWS_ERROR(name, status, sender) \
  AwsError name(std::string message) { return AwsError{#name, std::move(message), status, sender}; }
LOCALIAM_AWS_ERROR_TABLE(LOCALIAM_DEFINE_AWS_ERROR)
#undef LOCALIAM_DEFINE_AWS_ERROR

}  // namespace localiam::errors
