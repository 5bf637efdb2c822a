// SPDX-License-Identifier: MIT
// Private helpers shared by the call builders (calls*.cpp): argument values and call introspection.
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/types.hpp>
#include <bt/metadata/calls.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/value.hpp>
#include <bt/result.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bt::subtensor::detail {

inline metadata::Value u16_seq(std::span<const std::uint16_t> v) {
  std::vector<metadata::Value> items;
  items.reserve(v.size());
  for (std::uint16_t x : v) items.push_back(metadata::Value::u(x));
  return metadata::Value::sequence(std::move(items));
}
inline metadata::Value account(const crypto::AccountId32& a) { return metadata::Value::bytes(a.to_bytes()); }
// MultiAddress::Id(account): the `dest` of Balances calls.
inline metadata::Value multi_address(const crypto::AccountId32& a) {
  return metadata::Value::variant_unnamed("Id", {account(a)});
}
inline metadata::Value text(std::string_view s) { return metadata::Value::bytes(Bytes(s.begin(), s.end())); }

// True when pallet.call exists and has a field named `field` (false when the call is missing).
inline bool call_has_field(const metadata::Metadata& md, std::string_view pallet, std::string_view call,
                           std::string_view field) {
  auto v = md.require_call(pallet, call);
  if (!v) return false;
  for (const auto& f : (*v)->fields)
    if (f.name && *f.name == field) return true;
  return false;
}

// An optional text field of an identity call: included when the runtime's call has it (empty when the
// caller left it empty); a non-empty value the runtime has no field for is an error naming it, so a
// caller's data is never dropped silently.
inline Result<void> add_optional_text(const metadata::Metadata& md, std::string_view pallet,
                                      std::string_view call, std::string_view field, std::string_view value,
                                      metadata::Value::NamedFields& out) {
  if (call_has_field(md, pallet, call, field)) {
    out.emplace_back(std::string(field), text(value));
    return {};
  }
  if (value.empty()) return {};
  return fail(metadata::MetadataError::not_found, std::string(pallet) + "." + std::string(call) +
                                                      " of this runtime has no field '" + std::string(field) +
                                                      "'");
}

inline Result<Bytes> encode(const metadata::Metadata& md, std::string_view pallet, std::string_view call,
                            metadata::Value::NamedFields fields) {
  return metadata::encode_call(md, pallet, call, metadata::Value::composite(std::move(fields)));
}

}  // namespace bt::subtensor::detail
