// SPDX-License-Identifier: MIT
// Typed SCALE codec: encode/decode of C++ types, chosen by bt::scale::Codec<T>.
//
// Supported out of the box:
//   bool, u8..u64, i8..i64, u128, i128 (types.hpp), U256, I256     fixed width, little-endian
//   Compact<T>                                                       compact.hpp
//   std::optional<T>                  0x00 | 0x01 value (also for bool: Rust's Option<bool> is two
//                                     bytes in parity-scale-codec, which has no specialisation)
//   OptionBool                        the one-byte Option<bool> of the SCALE spec / parity-scale-codec's
//                                     OptionBool: 0 None, 1 Some(true), 2 Some(false)
//   RustResult<T, E>                  0x00 ok | 0x01 err
//   std::vector<T>, Bytes             Compact length, then the elements
//   std::array<T, N>, FixedBytes<N>, TaggedBytes<Tag, N>   the N elements, no length
//   std::tuple<...>, std::pair        the fields in order
//   std::string                       Compact byte length, UTF-8 (checked when decoding)
//   std::variant<A...>                enum: u8 index, then the alternative; the index is the
//                                     alternative's `static constexpr std::uint8_t scale_index`
//                                     if it has one, else its position
//   C++ enums declared with BT_SCALE_ENUM(E, E::a, E::b)  u8 of the enumerator's value; decoding
//                                     accepts only the listed enumerators
//   BitVec<Store, Order>              bitvec.hpp
//   user structs declaring BT_SCALE_FIELDS(f1, f2, ...)   the fields in order
//
//   struct Neuron { std::uint16_t uid; Compact<std::uint64_t> stake; BT_SCALE_FIELDS(uid, stake) };
//   bt::Bytes b = bt::scale::encode(Neuron{1, 2});
//   bt::Result<Neuron> n = bt::scale::decode<Neuron>(b);   // rejects trailing bytes
//
// Add a type by specialising Codec<T> with `static void encode(Encoder&, const T&)` and
// `static void decode(Decoder&, T&)` (decode reports failure through Decoder::fail).
#pragma once

#include <bt/bytes.hpp>
#include <bt/result.hpp>
#include <bt/scale/bitvec.hpp>
#include <bt/scale/compact.hpp>
#include <bt/scale/decoder.hpp>
#include <bt/scale/encoder.hpp>
#include <bt/scale/types.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

// Declares the SCALE fields of a struct, in encoding order (use inside the struct body).
#define BT_SCALE_FIELDS(...)                            \
  auto scale_fields() { return std::tie(__VA_ARGS__); } \
  auto scale_fields() const { return std::tie(__VA_ARGS__); }

// Declares a C++ enum as a SCALE unit enum: encoded as the u8 value of the enumerator; decoding
// accepts only the listed enumerators. Use at namespace scope bt::scale-independent (any namespace).
#define BT_SCALE_ENUM(E, ...)                    \
  template <>                                    \
  struct bt::scale::EnumValues<E> {              \
    static constexpr E values[] = {__VA_ARGS__}; \
  }

namespace bt::scale {

template <class T, class Enable = void>
struct Codec;  // specialise for new types

template <class E>
struct EnumValues;  // BT_SCALE_ENUM

// parity-scale-codec's OptionBool: Option<bool> in one byte (0 None, 1 Some(true), 2 Some(false)).
struct OptionBool {
  std::optional<bool> value;
  friend bool operator==(const OptionBool&, const OptionBool&) = default;
};

// Rust's Result<T, E> on the wire (named to avoid confusion with bt::Result).
template <class T, class E>
struct RustResult {
  std::variant<T, E> v;
  bool is_ok() const noexcept { return v.index() == 0; }
  const T& ok() const { return std::get<0>(v); }
  const E& err() const { return std::get<1>(v); }
  static RustResult make_ok(T t) {
    return RustResult{std::variant<T, E>(std::in_place_index<0>, std::move(t))};
  }
  static RustResult make_err(E e) {
    return RustResult{std::variant<T, E>(std::in_place_index<1>, std::move(e))};
  }
  friend bool operator==(const RustResult&, const RustResult&) = default;
};

template <class T>
void encode_to(Encoder& e, const T& v) {
  Codec<T>::encode(e, v);
}
template <class T>
void decode_from(Decoder& d, T& v) {
  Codec<T>::decode(d, v);
}

// Encodes v into a new byte vector.
template <class T>
Bytes encode(const T& v) {
  Encoder e;
  Codec<T>::encode(e, v);
  return std::move(e).take();
}
// Encodes v into out; returns the number of bytes written or DecodeError::buffer_too_small.
template <class T>
Result<std::size_t> encode_into(std::span<std::uint8_t> out, const T& v) {
  Encoder e(out);
  Codec<T>::encode(e, v);
  return e.finish();
}
// Decodes exactly one T from the whole input (trailing bytes are an error).
template <class T>
Result<T> decode(ByteView in) {
  Decoder d(in);
  T v{};
  Codec<T>::decode(d, v);
  BT_TRY_VOID(d.finish());
  return v;
}
// Streaming: decodes one T from the decoder's current position (the rest stays unread).
template <class T>
Result<T> decode_next(Decoder& d) {
  T v{};
  Codec<T>::decode(d, v);
  BT_TRY_VOID(d.status());
  return v;
}

namespace detail {
template <class T>
concept HasScaleFields = requires(T& t) {
  t.scale_fields();
};
template <class T>
concept HasScaleIndex = requires {
  T::scale_index;
};
template <class T>
concept DeclaredEnum = std::is_enum_v<T> && requires {
  EnumValues<T>::values;
};
template <class T>
concept FixedInt =
    (std::is_integral_v<T> && !std::is_same_v<T, bool>) || std::is_same_v<T, u128> || std::is_same_v<T, i128>;
template <class T>
inline constexpr bool is_byte = std::is_same_v<T, std::uint8_t>;

template <class Tuple, std::size_t... I>
void encode_tuple(Encoder& e, const Tuple& t, std::index_sequence<I...>) {
  (Codec<std::decay_t<std::tuple_element_t<I, Tuple>>>::encode(e, std::get<I>(t)), ...);
}
template <class Tuple, std::size_t... I>
void decode_tuple(Decoder& d, Tuple& t, std::index_sequence<I...>) {
  (Codec<std::decay_t<std::tuple_element_t<I, Tuple>>>::decode(d, std::get<I>(t)), ...);
}

template <class V, std::size_t I = 0>
constexpr std::uint8_t variant_index() {
  using Alt = std::variant_alternative_t<I, V>;
  if constexpr (HasScaleIndex<Alt>)
    return static_cast<std::uint8_t>(Alt::scale_index);
  else
    return static_cast<std::uint8_t>(I);
}
template <class V, std::size_t I = 0>
bool decode_variant_alt(Decoder& d, V& v, std::uint8_t idx) {
  if constexpr (I == std::variant_size_v<V>) {
    return false;
  } else {
    if (variant_index<V, I>() == idx) {
      std::variant_alternative_t<I, V> alt{};
      Codec<std::variant_alternative_t<I, V>>::decode(d, alt);
      v.template emplace<I>(std::move(alt));
      return true;
    }
    return decode_variant_alt<V, I + 1>(d, v, idx);
  }
}
template <class V, std::size_t... I>
std::uint8_t encode_variant_index(const V& v, std::index_sequence<I...>) {
  constexpr std::uint8_t table[] = {variant_index<V, I>()...};
  return table[v.index()];
}
}  // namespace detail

// --- primitives -------------------------------------------------------------------------------

template <>
struct Codec<bool> {
  static void encode(Encoder& e, bool v) { e.put_u8(v ? 1 : 0); }
  static void decode(Decoder& d, bool& v) { v = d.read_bool(); }
};

template <class T>
struct Codec<T, std::enable_if_t<detail::FixedInt<T>>> {
  static void encode(Encoder& e, T v) { e.put_le<T>(v); }
  static void decode(Decoder& d, T& v) { v = d.read_le<T>(); }
};

template <>
struct Codec<U256> {
  static void encode(Encoder& e, const U256& v) { e.put_raw(v.le.data(), 32); }
  static void decode(Decoder& d, U256& v) { d.read_into(v.le.data(), 32); }
};
template <>
struct Codec<I256> {
  static void encode(Encoder& e, const I256& v) { e.put_raw(v.le.data(), 32); }
  static void decode(Decoder& d, I256& v) { d.read_into(v.le.data(), 32); }
};

template <class T>
struct Codec<Compact<T>> {
  static void encode(Encoder& e, const Compact<T>& v) { e.put_compact(static_cast<u128>(v.value)); }
  static void decode(Decoder& d, Compact<T>& v) {
    u128 x = d.read_compact();
    if (x > static_cast<u128>(static_cast<T>(~T{0}))) {
      d.fail(DecodeError::invalid_compact, "compact value too large for its type");
      x = 0;
    }
    v.value = static_cast<T>(x);
  }
};

template <class E>
struct Codec<E, std::enable_if_t<detail::DeclaredEnum<E>>> {
  static void encode(Encoder& e, E v) { e.put_u8(static_cast<std::uint8_t>(v)); }
  static void decode(Decoder& d, E& v) {
    std::uint8_t b = d.read_u8();
    if (!d.ok()) return;
    for (E cand : EnumValues<E>::values) {
      if (static_cast<std::uint8_t>(cand) == b) {
        v = cand;
        return;
      }
    }
    d.fail(DecodeError::invalid_variant, "enum index");
  }
};

// --- containers -------------------------------------------------------------------------------

template <>
struct Codec<std::string> {
  static void encode(Encoder& e, const std::string& s) { e.put_bytes_with_length(as_bytes(s)); }
  static void decode(Decoder& d, std::string& s) { s = d.read_string(); }
};

template <class T>
struct Codec<std::vector<T>> {
  static void encode(Encoder& e, const std::vector<T>& v) {
    e.put_compact(v.size());
    if constexpr (detail::is_byte<T>) {
      e.put_raw(v.data(), v.size());
    } else {
      for (const auto& x : v) Codec<T>::encode(e, x);
    }
  }
  static void decode(Decoder& d, std::vector<T>& v) {
    v.clear();
    if constexpr (detail::is_byte<T>) {
      ByteView b = d.read_bytes_with_length();
      v.assign(b.begin(), b.end());
    } else {
      // Every element takes at least one byte, except empty tuples / zero-length arrays.
      std::size_t n = d.read_length(min_size());
      v.reserve(n);
      for (std::size_t i = 0; i < n && d.ok(); ++i) {
        T x{};
        Codec<T>::decode(d, x);
        v.push_back(std::move(x));
      }
    }
  }
  static constexpr std::size_t min_size() {
    if constexpr (std::is_same_v<T, std::tuple<>>) return 0;
    return 1;
  }
};

template <>
struct Codec<std::vector<bool>> {
  static void encode(Encoder& e, const std::vector<bool>& v) {
    e.put_compact(v.size());
    for (bool b : v) e.put_u8(b ? 1 : 0);
  }
  static void decode(Decoder& d, std::vector<bool>& v) {
    std::size_t n = d.read_length(1);
    v.assign(n, false);
    for (std::size_t i = 0; i < n && d.ok(); ++i) v[i] = d.read_bool();
  }
};

template <class T, std::size_t N>
struct Codec<std::array<T, N>> {
  static void encode(Encoder& e, const std::array<T, N>& a) {
    if constexpr (detail::is_byte<T>)
      e.put_raw(a.data(), N);
    else
      for (const auto& x : a) Codec<T>::encode(e, x);
  }
  static void decode(Decoder& d, std::array<T, N>& a) {
    if constexpr (detail::is_byte<T>)
      d.read_into(a.data(), N);
    else
      for (std::size_t i = 0; i < N && d.ok(); ++i) Codec<T>::decode(d, a[i]);
  }
};

template <std::size_t N>
struct Codec<FixedBytes<N>> {
  static void encode(Encoder& e, const FixedBytes<N>& a) { e.put_raw(a.data.data(), N); }
  static void decode(Decoder& d, FixedBytes<N>& a) { d.read_into(a.data.data(), N); }
};

template <typename Tag, std::size_t N>
struct Codec<TaggedBytes<Tag, N>> {
  static void encode(Encoder& e, const TaggedBytes<Tag, N>& a) { e.put_raw(a.data.data(), N); }
  static void decode(Decoder& d, TaggedBytes<Tag, N>& a) { d.read_into(a.data.data(), N); }
};

template <class T>
struct Codec<std::optional<T>> {
  static void encode(Encoder& e, const std::optional<T>& o) {
    e.put_u8(o ? 1 : 0);
    if (o) Codec<T>::encode(e, *o);
  }
  static void decode(Decoder& d, std::optional<T>& o) {
    std::uint8_t tag = d.read_u8();
    if (!d.ok()) return;
    if (tag == 0) {
      o.reset();
    } else if (tag == 1) {
      T x{};
      Codec<T>::decode(d, x);
      o = std::move(x);
    } else {
      d.fail(DecodeError::invalid_variant, "Option tag");
    }
  }
};

template <>
struct Codec<OptionBool> {
  static void encode(Encoder& e, const OptionBool& o) { e.put_u8(!o.value ? 0 : (*o.value ? 1 : 2)); }
  static void decode(Decoder& d, OptionBool& o) {
    std::uint8_t tag = d.read_u8();
    if (!d.ok()) return;
    if (tag > 2) return d.fail(DecodeError::invalid_bool, "OptionBool");
    o.value = tag == 0 ? std::nullopt : std::optional<bool>(tag == 1);
  }
};

template <class T, class E>
struct Codec<RustResult<T, E>> {
  static void encode(Encoder& e, const RustResult<T, E>& r) {
    e.put_u8(r.is_ok() ? 0 : 1);
    if (r.is_ok())
      Codec<T>::encode(e, r.ok());
    else
      Codec<E>::encode(e, r.err());
  }
  static void decode(Decoder& d, RustResult<T, E>& r) {
    std::uint8_t tag = d.read_u8();
    if (!d.ok()) return;
    if (tag == 0) {
      T x{};
      Codec<T>::decode(d, x);
      r.v.template emplace<0>(std::move(x));
    } else if (tag == 1) {
      E x{};
      Codec<E>::decode(d, x);
      r.v.template emplace<1>(std::move(x));
    } else {
      d.fail(DecodeError::invalid_variant, "Result tag");
    }
  }
};

template <class... Ts>
struct Codec<std::tuple<Ts...>> {
  static void encode(Encoder& e, const std::tuple<Ts...>& t) {
    detail::encode_tuple(e, t, std::index_sequence_for<Ts...>{});
  }
  static void decode(Decoder& d, std::tuple<Ts...>& t) {
    detail::decode_tuple(d, t, std::index_sequence_for<Ts...>{});
  }
};

template <class A, class B>
struct Codec<std::pair<A, B>> {
  static void encode(Encoder& e, const std::pair<A, B>& p) {
    Codec<A>::encode(e, p.first);
    Codec<B>::encode(e, p.second);
  }
  static void decode(Decoder& d, std::pair<A, B>& p) {
    Codec<A>::decode(d, p.first);
    Codec<B>::decode(d, p.second);
  }
};

template <class... Ts>
struct Codec<std::variant<Ts...>> {
  using V = std::variant<Ts...>;
  static void encode(Encoder& e, const V& v) {
    e.put_u8(detail::encode_variant_index(v, std::index_sequence_for<Ts...>{}));
    std::visit([&](const auto& alt) { Codec<std::decay_t<decltype(alt)>>::encode(e, alt); }, v);
  }
  static void decode(Decoder& d, V& v) {
    std::uint8_t idx = d.read_u8();
    if (!d.ok()) return;
    if (!d.enter()) return;
    if (!detail::decode_variant_alt(d, v, idx)) d.fail(DecodeError::invalid_variant, "enum variant index");
    d.leave();
  }
};

template <class Store, BitOrder Order>
struct Codec<BitVec<Store, Order>> {
  static constexpr std::size_t W = 8 * sizeof(Store);
  static void encode(Encoder& e, const BitVec<Store, Order>& b) {
    e.put_compact(b.bits.size());
    std::size_t words = (b.bits.size() + W - 1) / W;
    for (std::size_t w = 0; w < words; ++w) {
      Store s = 0;
      for (std::size_t i = 0; i < W && w * W + i < b.bits.size(); ++i) {
        if (!b.bits[w * W + i]) continue;
        s |= static_cast<Store>(Order == BitOrder::Lsb0 ? (Store{1} << i) : (Store{1} << (W - 1 - i)));
      }
      e.put_le<Store>(s);
    }
  }
  static void decode(Decoder& d, BitVec<Store, Order>& b) {
    u128 nbits = d.read_compact();
    if (!d.ok()) return;
    if (nbits > 0xffffffffu) return d.fail(DecodeError::invalid_compact, "bit count exceeds u32");
    std::size_t words = static_cast<std::size_t>((nbits + W - 1) / W);
    if (words > d.remaining() / sizeof(Store)) return d.fail(DecodeError::length_too_large, "bit sequence");
    b.bits.assign(static_cast<std::size_t>(nbits), false);
    for (std::size_t w = 0; w < words; ++w) {
      Store s = d.read_le<Store>();
      for (std::size_t i = 0; i < W && w * W + i < b.bits.size(); ++i) {
        bool bit = Order == BitOrder::Lsb0 ? ((s >> i) & 1) : ((s >> (W - 1 - i)) & 1);
        b.bits[w * W + i] = bit;
      }
    }
  }
};

template <class T>
struct Codec<T, std::enable_if_t<detail::HasScaleFields<T>>> {
  static void encode(Encoder& e, const T& v) {
    std::apply([&](const auto&... f) { (Codec<std::remove_cvref_t<decltype(f)>>::encode(e, f), ...); },
               v.scale_fields());
  }
  static void decode(Decoder& d, T& v) {
    std::apply([&](auto&... f) { (Codec<std::remove_cvref_t<decltype(f)>>::decode(d, f), ...); },
               v.scale_fields());
  }
};

}  // namespace bt::scale
