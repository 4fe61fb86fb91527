// AwsError: the one error type of localiam. Every failure that reaches a client is an
// AwsError {code, message, http_status, sender_fault}, built only by the named factories
// below, which are generated from one table of AWS error codes (LOCALIAM_AWS_ERROR_TABLE).
#pragma once

#include <string>
#include <string_view>

namespace localiam {

struct AwsError {
  std::string code;
  std::string message;
  int http_status = 500;
  bool sender_fault = false;  // <Type>Sender</Type> when true, Receiver otherwise
};

// X(code, http_status, sender_fault). One row per AWS error code that localiam answers with.
#define LOCALIAM_AWS_ERROR_TABLE(X)                                   \
  X(NoSuchEntity, 404, true)                                          \
  X(EntityAlreadyExists, 409, true)                                   \
  X(DeleteConflict, 409, true)                                        \
  X(LimitExceeded, 409, true)                                         \
  X(ConcurrentModification, 409, true)                                \
  X(MalformedPolicyDocument, 400, true)                               \
  X(InvalidInput, 400, true)                                          \
  X(ValidationError, 400, true)                                       \
  X(UnmodifiableEntity, 400, true)                                    \
  X(PolicyNotAttachable, 400, true)                                   \
  X(AccessDenied, 403, true)                                          \
  X(InvalidClientTokenId, 403, true)                                  \
  X(SignatureDoesNotMatch, 403, true)                                 \
  X(IncompleteSignature, 400, true)                                   \
  X(MissingAuthenticationToken, 403, true)                            \
  X(ExpiredToken, 403, true)                                          \
  X(InvalidAction, 400, true)                                         \
  X(MissingAction, 400, true)                                         \
  X(MissingParameter, 400, true)                                      \
  X(InvalidParameterValue, 400, true)                                 \
  X(InvalidParameterCombination, 400, true)                           \
  X(MalformedQueryString, 404, true)                                  \
  X(PackedPolicyTooLarge, 400, true)                                  \
  X(InvalidIdentityToken, 400, true)                                  \
  X(InvalidAuthorizationMessageException, 400, true)                  \
  X(ExpiredTradeInTokenException, 400, true)                          \
  X(InsufficientSessionLifetime, 400, true)                           \
  X(InvalidSubjectCredentials, 400, true)                             \
  X(OutboundWebIdentityFederationDisabledException, 403, true)        \
  X(InvalidAuthenticationCode, 403, true)                             \
  X(EntityTemporarilyUnmodifiable, 409, true)                         \
  X(InvalidPublicKey, 400, true)                                      \
  X(DuplicateSSHPublicKey, 400, true)                                 \
  X(UnrecognizedPublicKeyEncoding, 400, true)                         \
  X(MalformedCertificate, 400, true)                                  \
  X(InvalidCertificate, 400, true)                                    \
  X(DuplicateCertificate, 409, true)                                  \
  X(KeyPairMismatch, 400, true)                                       \
  X(PasswordPolicyViolation, 400, true)                               \
  X(InvalidUserType, 400, true)                                       \
  X(NotSupportedService, 404, true)                                   \
  X(ReportNotPresent, 410, true)                                      \
  X(ReportExpired, 410, true)                                         \
  X(ReportInProgress, 404, true)                                      \
  X(ReportGenerationLimitExceeded, 409, true)                         \
  X(AccountNotManagementOrDelegatedAdministratorException, 400, true) \
  X(OrganizationNotFoundException, 400, true)                         \
  X(OrganizationNotInAllFeaturesModeException, 400, true)             \
  X(ServiceAccessNotEnabledException, 400, true)                      \
  X(CallerIsNotManagementAccountException, 400, true)                 \
  X(ExpiredTokenException, 400, true)                                 \
  X(IDPRejectedClaim, 403, true)                                      \
  X(IDPCommunicationError, 400, true)                                 \
  X(FeatureDisabled, 404, true)                                       \
  X(FeatureEnabled, 409, true)                                        \
  X(ServiceFailure, 500, false)                                       \
  X(InternalFailure, 500, false)                                      \
  X(ServiceUnavailable, 503, false)                                   \
  X(IncompleteBody, 400, true)                                        \
  X(XAmzContentSHA256Mismatch, 400, true)                             \
  X(ValidationException, 400, true)                                   \
  X(InvalidParameterException, 400, true)                             \
  X(AccessDeniedException, 403, true)

namespace errors {
#define LOCALIAM_DECLARE_AWS_ERROR(name, status, sender) AwsError name(std::string message);
LOCALIAM_AWS_ERROR_TABLE(LOCALIAM_DECLARE_AWS_ERROR)
#undef LOCALIAM_DECLARE_AWS_ERROR
}  // namespace errors

}  // namespace localiam
