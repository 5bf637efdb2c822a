// SPDX-License-Identifier: MIT
#include <bt/metadata/value_json.hpp>

#include <nlohmann/json.hpp>

#include "core/json_limits.hpp"

#include <algorithm>

namespace bt::metadata {

using scale::i128;
using scale::u128;

// --- JSON ------------------------------------------------------------------------------------

namespace {

using json = nlohmann::ordered_json;

json number_json(bool neg, u128 mag) {
  constexpr u128 kSafe = u128{1} << 53;
  if (mag <= kSafe) {
    if (neg) return json(-static_cast<std::int64_t>(static_cast<std::uint64_t>(mag)));
    return json(static_cast<std::uint64_t>(mag));
  }
  std::string s = scale::to_string(mag);
  return json(neg ? "-" + s : s);
}

std::string utf8_of(char32_t c) {
  std::string s;
  auto u = static_cast<std::uint32_t>(c);
  if (u < 0x80) {
    s.push_back(static_cast<char>(u));
  } else if (u < 0x800) {
    s.push_back(static_cast<char>(0xC0 | (u >> 6)));
    s.push_back(static_cast<char>(0x80 | (u & 0x3F)));
  } else if (u < 0x10000) {
    s.push_back(static_cast<char>(0xE0 | (u >> 12)));
    s.push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (u & 0x3F)));
  } else {
    s.push_back(static_cast<char>(0xF0 | (u >> 18)));
    s.push_back(static_cast<char>(0x80 | ((u >> 12) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (u & 0x3F)));
  }
  return s;
}

json to_j(const Value& v);

json fields_j(const Value& v) {
  if (v.has_named_fields()) {
    json o = json::object();
    for (std::size_t i = 0; i < v.items().size(); ++i) o[v.names()[i]] = to_j(v.items()[i]);
    return o;
  }
  if (v.items().size() == 1) return to_j(v.items()[0]);
  json a = json::array();
  for (const auto& x : v.items()) a.push_back(to_j(x));
  return a;
}

json to_j(const Value& v) {
  switch (v.kind()) {
    case ValueKind::Composite:
      if (v.items().empty()) return json::array();
      return fields_j(v);
    case ValueKind::Variant:
      if (v.name() == "None" && v.items().empty()) return json(nullptr);
      if (v.name() == "Some" && v.items().size() == 1 && !v.has_named_fields()) return to_j(v.items()[0]);
      if (v.items().empty()) return json(v.name());
      return json::object({{v.name(), fields_j(v)}});
    case ValueKind::Sequence:
    case ValueKind::Array:
    case ValueKind::Tuple: {
      if (v.is(ValueKind::Tuple) && v.items().empty()) return json(nullptr);
      json a = json::array();
      for (const auto& x : v.items()) a.push_back(to_j(x));
      return a;
    }
    case ValueKind::BitSeq: {
      json a = json::array();
      for (bool b : v.as_bits()) a.push_back(b);
      return a;
    }
    case ValueKind::Bool:
      return json(v.as_bool());
    case ValueKind::Char:
      return json(utf8_of(v.as_char()));
    case ValueKind::Str:
      return json(v.str());
    case ValueKind::UInt:
      return number_json(false, v.as_u128());
    case ValueKind::Int: {
      i128 x = v.as_i128();
      return x < 0 ? number_json(true, u128{0} - static_cast<u128>(x))
                   : number_json(false, static_cast<u128>(x));
    }
    case ValueKind::U256:
      return json(scale::to_string(v.as_u256()));
    case ValueKind::I256:
      return json(scale::to_string(v.as_i256()));
    case ValueKind::Bytes:
      return json(bt::to_hex(v.as_bytes()));
  }
  return json(nullptr);
}

Result<Value> from_j(const json& j, int depth) {
  if (depth > 128) return fail(MetadataError::invalid_json, "nesting too deep");
  switch (j.type()) {
    case json::value_t::null:
      return Value::tuple({});
    case json::value_t::boolean:
      return Value::boolean(j.get<bool>());
    case json::value_t::number_unsigned:
      return Value::u(j.get<std::uint64_t>());
    case json::value_t::number_integer:
      return Value::i(j.get<std::int64_t>());
    case json::value_t::number_float: {
      double d = j.get<double>();
      return fail(MetadataError::invalid_json,
                  "non-integer or too large number " + std::to_string(d) + " (use a decimal string)");
    }
    case json::value_t::string:
      return Value::string(j.get<std::string>());
    case json::value_t::array: {
      std::vector<Value> items;
      items.reserve(j.size());
      for (const auto& x : j) {
        BT_TRY(Value v, from_j(x, depth + 1));
        items.push_back(std::move(v));
      }
      return Value::sequence(std::move(items));
    }
    case json::value_t::object: {
      Value::NamedFields f;
      f.reserve(j.size());
      for (auto it = j.begin(); it != j.end(); ++it) {
        BT_TRY(Value v, from_j(it.value(), depth + 1));
        f.emplace_back(it.key(), std::move(v));
      }
      return Value::composite(std::move(f));
    }
    default:
      return fail(MetadataError::invalid_json, "unsupported JSON value");
  }
}

}  // namespace

std::string to_json(const Value& v) { return to_j(v).dump(); }

Result<Value> from_json(std::string_view text) {
  // Depth-limited (and NUL-checked) before a DOM is built: to_j/from_j and nlohmann recurse per level.
  auto parsed = ::bt::detail::parse_json_checked(text);
  if (!parsed.ok()) return fail(MetadataError::invalid_json, parsed.error);
  const json& j = parsed.value;
  return from_j(j, 0);
}

}  // namespace bt::metadata
