// Result<T>: a value or an AwsError. Functions that can fail return [[nodiscard]] Result<T>;
// RETURN_IF_ERROR and ASSIGN_OR_RETURN keep call sites flat. Result<void> carries no value.
#pragma once

#include <utility>
#include <variant>

#include "common/aws_error.hpp"

namespace localiam {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(AwsError error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }

  const AwsError& error() const& { return std::get<1>(state_); }
  AwsError&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, AwsError> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(AwsError error) : error_(std::move(error)), failed_(true) {}

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const AwsError& error() const& { return error_; }
  AwsError&& error() && { return std::move(error_); }

 private:
  AwsError error_;
  bool failed_ = false;
};

using Status = Result<void>;

inline Status ok_status() { return Status(); }

}  // namespace localiam

#define LOCALIAM_CONCAT_INNER(a, b) a##b
#define LOCALIAM_CONCAT(a, b) LOCALIAM_CONCAT_INNER(a, b)

// Returns the error of `expr` (a Result or Status) from the enclosing function.
#define RETURN_IF_ERROR(expr)                                               \
  do {                                                                      \
    auto&& localiam_status_ = (expr);                                       \
    if (!localiam_status_.ok()) return std::move(localiam_status_).error(); \
  } while (0)

#define LOCALIAM_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return std::move(tmp).error();        \
  lhs = std::move(tmp).value()

// ASSIGN_OR_RETURN(auto user, repo.find(name)); declares `user` or returns the error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  LOCALIAM_ASSIGN_OR_RETURN_IMPL(LOCALIAM_CONCAT(localiam_result_, __LINE__), lhs, expr)
