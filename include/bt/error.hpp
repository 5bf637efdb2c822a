// SPDX-License-Identifier: MIT
// bt::Error: a module error code (std::error_code with one category per module) plus a human message.
//
// Every fallible public operation in bittensor-cpp returns bt::Result<T> (result.hpp) whose error is a
// bt::Error. The code says *what kind* of failure it was (compare with the module's enum, e.g.
// `err.code() == bt::CoreError::invalid_hex`); the message adds the detail (offset, node message...).
// Messages never contain secret material.
#pragma once

#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace bt {

// Errors shared by all modules (hex parsing, argument checks, I/O).
enum class CoreError {
  invalid_hex = 1,       // not hex, odd length, or wrong length for a fixed-size value
  invalid_argument,      // a caller-supplied value violates the documented contract
  length_mismatch,       // inputs whose lengths must agree do not
  io_error,              // a file could not be read or written
  not_found,             // a named item does not exist
  unsupported,           // a valid input this build/version does not handle
  internal,              // a bug: please report
};

const std::error_category& core_category() noexcept;
std::error_code make_error_code(CoreError e) noexcept;

// Declares an error enum's category and make_error_code() for ADL; the .cpp defines them with
// BT_DEFINE_ERROR_CATEGORY (lib/detail/error_category.hpp).
#define BT_DECLARE_ERROR_ENUM(Enum, category_fn)               \
  const std::error_category& category_fn() noexcept;            \
  std::error_code make_error_code(Enum e) noexcept

class Error {
 public:
  Error() = default;
  Error(std::error_code code, std::string message = {})
      : code_(code), message_(std::move(message)) {}
  template <class Enum, class = std::enable_if_t<std::is_error_code_enum_v<Enum>>>
  Error(Enum e, std::string message = {})  // NOLINT: implicit by design, like std::error_code
      : code_(make_error_code(e)), message_(std::move(message)) {}

  const std::error_code& code() const noexcept { return code_; }
  // The detail message, possibly empty.
  const std::string& message() const noexcept { return message_; }
  // The category name (the module), e.g. "bt.core".
  const char* module() const noexcept { return code_.category().name(); }
  // "bt.core: invalid hex: odd number of digits at offset 3"
  std::string to_string() const;

  template <class Enum, class = std::enable_if_t<std::is_error_code_enum_v<Enum>>>
  friend bool operator==(const Error& a, Enum e) noexcept {
    return a.code_ == make_error_code(e);
  }

 private:
  std::error_code code_;
  std::string message_;
};

}  // namespace bt

template <>
struct std::is_error_code_enum<bt::CoreError> : std::true_type {};
