// SPDX-License-Identifier: MIT
// RFC 9380 expand_message_xmd (SHA-256), hash_to_field, simplified SWU + 11-isogeny for G1.
#include <bt/crypto/bls12_381_hash.hpp>

#include <bt/crypto/hashing.hpp>

#include <cstring>
#include <string_view>

#include "constants.hpp"

namespace bt::crypto::bls12_381 {
namespace {
Fp horner(const Fp* coeffs, std::size_t n, const Fp& x) noexcept {
  Fp acc = coeffs[n - 1];
  for (std::size_t i = n - 1; i-- > 0;) acc = acc * x + coeffs[i];
  return acc;
}
}  // namespace

Result<Bytes> expand_message_xmd_sha256(ByteView msg, ByteView dst_in, std::size_t len_in_bytes) {
  constexpr std::size_t b_in_bytes = 32;
  constexpr std::size_t s_in_bytes = 64;
  const std::size_t ell = (len_in_bytes + b_in_bytes - 1) / b_in_bytes;
  if (len_in_bytes == 0 || ell > 255 || len_in_bytes > 65535)
    return fail(Bls12381Error::invalid_argument, "expand_message_xmd: output length out of range");
  Bytes dst_prime;
  if (dst_in.size() > 255) {
    Bytes over;
    const std::string_view prefix = "H2C-OVERSIZE-DST-";
    over.insert(over.end(), prefix.begin(), prefix.end());
    over.insert(over.end(), dst_in.begin(), dst_in.end());
    const Hash256 h = sha256(over);
    dst_prime.assign(h.begin(), h.end());
  } else {
    dst_prime.assign(dst_in.begin(), dst_in.end());
  }
  dst_prime.push_back(static_cast<std::uint8_t>(dst_prime.size()));

  Bytes msg_prime(s_in_bytes, 0);  // Z_pad
  msg_prime.insert(msg_prime.end(), msg.begin(), msg.end());
  msg_prime.push_back(static_cast<std::uint8_t>(len_in_bytes >> 8));
  msg_prime.push_back(static_cast<std::uint8_t>(len_in_bytes));
  msg_prime.push_back(0);
  msg_prime.insert(msg_prime.end(), dst_prime.begin(), dst_prime.end());
  const Hash256 b0 = sha256(msg_prime);

  Bytes out;
  out.reserve(ell * b_in_bytes);
  Bytes block(b_in_bytes + 1 + dst_prime.size());
  Hash256 prev{};
  for (std::size_t i = 1; i <= ell; ++i) {
    for (std::size_t j = 0; j < b_in_bytes; ++j)
      block[j] = i == 1 ? b0[j] : static_cast<std::uint8_t>(b0[j] ^ prev[j]);
    block[b_in_bytes] = static_cast<std::uint8_t>(i);
    std::memcpy(block.data() + b_in_bytes + 1, dst_prime.data(), dst_prime.size());
    prev = sha256(block);
    out.insert(out.end(), prev.begin(), prev.end());
  }
  out.resize(len_in_bytes);
  return out;
}

Result<std::pair<Fp, Fp>> hash_to_field_fp2x(ByteView msg, ByteView dst) {
  BT_TRY(Bytes uniform, expand_message_xmd_sha256(msg, dst, 128));
  const Fp u0 = Fp::from_bytes_be_wide(std::span<const std::uint8_t, 64>(uniform.data(), 64));
  const Fp u1 = Fp::from_bytes_be_wide(std::span<const std::uint8_t, 64>(uniform.data() + 64, 64));
  return std::pair<Fp, Fp>{u0, u1};
}

G1 map_to_curve_g1(const Fp& u) noexcept {
  using namespace detail;
  // Simplified SWU (RFC 9380 section 6.6.2) on E': y^2 = x^3 + A' x + B'.
  const Fp zu2 = kSswuZ * sqr(u);
  const Fp tv1 = inv(sqr(zu2) + zu2);  // inv0
  Fp x1 = tv1.is_zero() ? kSswuBOverZA : kSswuMinusBOverA * (Fp::one() + tv1);
  const Fp gx1 = sqr(x1) * x1 + kSswuA * x1 + kSswuB;
  Fp x, y;
  if (auto y1 = sqrt(gx1)) {
    x = x1;
    y = *y1;
  } else {
    x = zu2 * x1;
    const Fp gx2 = sqr(x) * x + kSswuA * x + kSswuB;
    y = *sqrt(gx2);  // gx2 = Z^3 u^6 gx1 is a square when gx1 is not
  }
  if (u.sgn0() != y.sgn0()) y = -y;
  // 11-isogeny E' -> E (RFC 9380 appendix E.2).
  const Fp x_num = horner(kIso_x_num, 12, x);
  const Fp x_den = horner(kIso_x_den, 11, x);
  const Fp y_num = horner(kIso_y_num, 16, x);
  const Fp y_den = horner(kIso_y_den, 16, x);
  // Return projective (X:Y:Z) = (x_num y_den : y y_num x_den : x_den y_den) to avoid inversions; the
  // denominators vanish only at the isogeny's kernel, which maps to the identity.
  const Fp z = x_den * y_den;
  if (z.is_zero()) return G1::identity();
  return G1{x_num * y_den, y * y_num * x_den, z};
}

G1 clear_cofactor_g1(const G1& p) noexcept {
  const std::uint64_t h[1] = {detail::kClearCofactorG1};
  return mul_var(p, h);
}

Result<G1> hash_to_g1(ByteView msg, ByteView dst) {
  BT_TRY(auto u, hash_to_field_fp2x(msg, dst));
  return clear_cofactor_g1(map_to_curve_g1(u.first) + map_to_curve_g1(u.second));
}

}  // namespace bt::crypto::bls12_381
