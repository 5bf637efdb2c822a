// SPDX-License-Identifier: MIT
// bt::Result<T>: a value or a bt::Error, shaped like C++23 std::expected<T, bt::Error>.
//
//   bt::Result<Bytes> r = bt::from_hex("0x00ff");
//   if (!r) std::cerr << r.error().to_string();
//   Bytes b = std::move(r).value();   // value() throws bt::BadResultAccess when r holds an error
//
// Inside functions that themselves return a Result, propagate with BT_TRY:
//   BT_TRY(auto bytes, bt::from_hex(s));       // declares `bytes` or returns the error
//   BT_TRY_VOID(check_something());
#pragma once

#include <bt/error.hpp>

#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

namespace bt {

// Thrown only by Result::value() / Result::error() misuse; the library never throws otherwise.
class BadResultAccess : public std::exception {
 public:
  explicit BadResultAccess(Error e) : error_(std::move(e)), what_(error_.to_string()) {}
  const char* what() const noexcept override { return what_.c_str(); }
  const Error& error() const noexcept { return error_; }

 private:
  Error error_;
  std::string what_;
};

// Wraps an Error so it converts to any Result<T> (like std::unexpected).
struct Unexpected {
  Error error;
};
inline Unexpected fail(Error e) { return Unexpected{std::move(e)}; }
template <class Enum, class = std::enable_if_t<std::is_error_code_enum_v<Enum>>>
Unexpected fail(Enum e, std::string message = {}) {
  return Unexpected{Error(e, std::move(message))};
}

template <class T>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  using error_type = Error;

  Result(const T& v) : v_(std::in_place_index<0>, v) {}        // NOLINT(implicit)
  Result(T&& v) : v_(std::in_place_index<0>, std::move(v)) {}  // NOLINT(implicit)
  template <class U, class = std::enable_if_t<
                         std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, Result> &&
                         !std::is_same_v<std::decay_t<U>, Unexpected> && !std::is_same_v<std::decay_t<U>, T>>>
  Result(U&& v) : v_(std::in_place_index<0>, std::forward<U>(v)) {}         // NOLINT(implicit)
  Result(Unexpected u) : v_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT(implicit)

  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & {
    check();
    return std::get<0>(v_);
  }
  const T& value() const& {
    check();
    return std::get<0>(v_);
  }
  T&& value() && {
    check();
    return std::get<0>(std::move(v_));
  }
  template <class U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(fallback));
  }

  // Precondition: has_value() (unchecked, like std::expected).
  T& operator*() & noexcept { return *std::get_if<0>(&v_); }
  const T& operator*() const& noexcept { return *std::get_if<0>(&v_); }
  T&& operator*() && noexcept { return std::move(*std::get_if<0>(&v_)); }
  T* operator->() noexcept { return std::get_if<0>(&v_); }
  const T* operator->() const noexcept { return std::get_if<0>(&v_); }

  // Precondition: !has_value(); throws BadResultAccess otherwise.
  const Error& error() const& {
    if (has_value()) throw BadResultAccess(Error(CoreError::internal, "error() on a value"));
    return std::get<1>(v_);
  }
  Error&& error() && {
    if (has_value()) throw BadResultAccess(Error(CoreError::internal, "error() on a value"));
    return std::get<1>(std::move(v_));
  }

 private:
  void check() const {
    if (!has_value()) throw BadResultAccess(std::get<1>(v_));
  }
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  using value_type = void;
  Result() = default;
  Result(Unexpected u) : err_(std::move(u.error)), ok_(false) {}  // NOLINT(implicit)

  bool has_value() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  void value() const {
    if (!ok_) throw BadResultAccess(err_);
  }
  const Error& error() const& {
    if (ok_) throw BadResultAccess(Error(CoreError::internal, "error() on a value"));
    return err_;
  }
  Error&& error() && {
    if (ok_) throw BadResultAccess(Error(CoreError::internal, "error() on a value"));
    return std::move(err_);
  }

 private:
  Error err_;
  bool ok_ = true;
};

// Convenience for functions returning Result<void>.
inline Result<void> ok() { return {}; }

}  // namespace bt

#define BT_DETAIL_CONCAT2(a, b) a##b
#define BT_DETAIL_CONCAT(a, b) BT_DETAIL_CONCAT2(a, b)

// BT_TRY(decl, expr): evaluates expr (a Result<T>); on error returns it from the enclosing function,
// otherwise initialises `decl` (e.g. `auto x` or `Bytes x`) with the moved value.
#define BT_TRY(decl, expr)                                                           \
  auto BT_DETAIL_CONCAT(bt_try_, __LINE__) = (expr);                                 \
  if (!BT_DETAIL_CONCAT(bt_try_, __LINE__))                                          \
    return ::bt::Unexpected{std::move(BT_DETAIL_CONCAT(bt_try_, __LINE__)).error()}; \
  decl = std::move(*BT_DETAIL_CONCAT(bt_try_, __LINE__))

// BT_TRY_VOID(expr): evaluates a Result<void> (or any Result) and returns its error, if any.
#define BT_TRY_VOID(expr)                                                  \
  do {                                                                     \
    auto bt_try_v_ = (expr);                                               \
    if (!bt_try_v_) return ::bt::Unexpected{std::move(bt_try_v_).error()}; \
  } while (0)
