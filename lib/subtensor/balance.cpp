// SPDX-License-Identifier: MIT
#include <bt/subtensor/balance.hpp>

#include <array>

namespace bt::subtensor {

namespace {
// bittensor's unit symbols for netuid 0..24 (settings UNITS).
constexpr std::array<std::string_view, 25> kUnits = {
    "\u03c4", "\u03b1", "\u03b2", "\u03b3", "\u03b4", "\u03b5", "\u03b6", "\u03b7", "\u03b8",
    "\u03b9", "\u03ba", "\u03bb", "\u03bc", "\u03bd", "\u03be", "\u03bf", "\u03c0", "\u03c1",
    "\u03c3", "t",      "\u03c5", "\u03c6", "\u03c7", "\u03c8", "\u03c9"};
constexpr std::string_view kLrm = "\u200e";

Result<Balance> same_unit(const Balance& a, const Balance& b) {
  if (a.netuid() != b.netuid())
    return fail(SubtensorError::unit_mismatch,
                "netuid " + std::to_string(a.netuid()) + " vs netuid " + std::to_string(b.netuid()));
  return a;
}
}  // namespace

std::string_view Balance::unit_symbol(std::uint16_t netuid) noexcept {
  return netuid < kUnits.size() ? kUnits[netuid] : kUnits[1];
}

Result<Balance> Balance::from_tao_whole(std::uint64_t tao, std::uint16_t netuid) {
  if (tao > UINT64_MAX / rao_per_tao)
    return fail(SubtensorError::balance_overflow, std::to_string(tao) + " TAO");
  return Balance(tao * rao_per_tao, netuid);
}

Result<Balance> Balance::parse_tao(std::string_view text, std::uint16_t netuid) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  const std::string shown(text.substr(0, 64));
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const auto dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() && frac.empty()) return fail(SubtensorError::invalid_amount, "'" + shown + "'");
  if (frac.size() > 9) return fail(SubtensorError::invalid_amount, "more than 9 decimals: '" + shown + "'");
  auto digits = [](std::string_view s) {
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return true;
  };
  if (!digits(whole) || !digits(frac)) return fail(SubtensorError::invalid_amount, "'" + shown + "'");
  std::uint64_t w = 0;
  for (char c : whole) {
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (w > (UINT64_MAX - d) / 10) return fail(SubtensorError::balance_overflow, "'" + shown + "'");
    w = w * 10 + d;
  }
  std::uint64_t f = 0;
  for (std::size_t i = 0; i < 9; ++i)
    f = f * 10 + (i < frac.size() ? static_cast<std::uint64_t>(frac[i] - '0') : 0);
  if (w > UINT64_MAX / rao_per_tao || w * rao_per_tao > UINT64_MAX - f)
    return fail(SubtensorError::balance_overflow, "'" + shown + "'");
  return Balance(w * rao_per_tao + f, netuid);
}

std::string Balance::to_decimal() const {
  std::string frac = std::to_string(rao_ % rao_per_tao);
  frac.insert(0, 9 - frac.size(), '0');
  std::string out = std::to_string(rao_ / rao_per_tao);
  out += '.';
  out += frac;
  return out;
}

std::string Balance::to_string() const {
  std::string whole = std::to_string(rao_ / rao_per_tao);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  std::string frac = std::to_string(rao_ % rao_per_tao);
  frac.insert(0, 9 - frac.size(), '0');
  std::string out;
  if (is_tao()) {
    out.append(unit_symbol(0)).append(grouped).append(".").append(frac);
  } else {
    out.append(kLrm).append(grouped).append(".").append(frac).append(unit_symbol(netuid_)).append(kLrm);
  }
  return out;
}

Result<Balance> Balance::checked_add(const Balance& o) const {
  BT_TRY_VOID(same_unit(*this, o));
  if (rao_ > UINT64_MAX - o.rao_)
    return fail(SubtensorError::balance_overflow, to_decimal() + " + " + o.to_decimal());
  return Balance(rao_ + o.rao_, netuid_);
}

Result<Balance> Balance::checked_sub(const Balance& o) const {
  BT_TRY_VOID(same_unit(*this, o));
  if (o.rao_ > rao_)
    return fail(SubtensorError::balance_overflow, to_decimal() + " - " + o.to_decimal() + " < 0");
  return Balance(rao_ - o.rao_, netuid_);
}

Result<Balance> Balance::saturating_sub(const Balance& o) const {
  BT_TRY_VOID(same_unit(*this, o));
  return Balance(o.rao_ > rao_ ? 0 : rao_ - o.rao_, netuid_);
}

Result<Balance> Balance::checked_mul(std::uint64_t factor) const {
  if (factor != 0 && rao_ > UINT64_MAX / factor)
    return fail(SubtensorError::balance_overflow, to_decimal() + " * " + std::to_string(factor));
  return Balance(rao_ * factor, netuid_);
}

Result<Balance> Balance::checked_div(std::uint64_t divisor) const {
  if (divisor == 0) return fail(SubtensorError::invalid_amount, "division by zero");
  return Balance(rao_ / divisor, netuid_);
}

}  // namespace bt::subtensor
