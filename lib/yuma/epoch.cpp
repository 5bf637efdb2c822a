// SPDX-License-Identifier: MIT
#include <algorithm>
#include <bt/yuma/epoch.hpp>
#include <map>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "detail/error_category.hpp"
#include "yuma/epoch_sparse.hpp"

namespace bt::yuma {
BT_DEFINE_ERROR_CATEGORY_FROM_CODES(YumaError, yuma_category, "bt.yuma", BT_YUMA_ERROR_CODES)

const char* to_string(Variant v) noexcept {
  switch (v) {
    case Variant::head:
      return "head";
    case Variant::feb2025:
      return "feb2025";
    case Variant::spec143:
      return "spec143";
  }
  return "?";
}
const char* to_string(Path p) noexcept { return p == Path::dense ? "dense" : "sparse"; }

Result<Variant> parse_variant(std::string_view name) {
  if (name == "head") return Variant::head;
  if (name == "feb2025") return Variant::feb2025;
  if (name == "spec143") return Variant::spec143;
  return fail(YumaError::unsupported, "unknown variant '" + std::string(name) + "'");
}
Result<Path> parse_path(std::string_view name) {
  if (name == "sparse") return Path::sparse;
  if (name == "dense") return Path::dense;
  return fail(YumaError::unsupported, "unknown path '" + std::string(name) + "'");
}

namespace {
// Whether some entry of `row` has a column >= n (every row is scanned on each epoch: sixteen
// entries per step where SSE2 is available).
bool any_col_at_least(const Row& row, std::size_t n) noexcept {
  if (n > 0xFFFF) return false;
  const std::size_t len = row.size();
  std::size_t k = 0;
  unsigned found = 0;
  if (n == 0) return len > 0;
#if defined(__SSE2__)
  // Entries as 16-bit lanes col, value, col, ... (little-endian). A saturating subtraction of
  // n - 1 from the column lanes (and of 0xFFFF from the value lanes) is non-zero exactly for a
  // column >= n.
  static_assert(sizeof(Row::value_type) == 4);
  const __m128i limit = _mm_set1_epi32(static_cast<int>(0xFFFF0000u | static_cast<unsigned>(n - 1)));
  __m128i any = _mm_setzero_si128();
  auto over = [&](std::size_t at) {
    return _mm_subs_epu16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row.data() + at)), limit);
  };
  for (; k + 16 <= len; k += 16)
    any = _mm_or_si128(
        any, _mm_or_si128(_mm_or_si128(over(k), over(k + 4)), _mm_or_si128(over(k + 8), over(k + 12))));
  for (; k + 4 <= len; k += 4) any = _mm_or_si128(any, over(k));
  found = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(any, _mm_setzero_si128()))) != 0xFFFF;
#endif
  for (; k < len; ++k) found |= static_cast<unsigned>(row[k].first >= n);
  return found != 0;
}

// any_col_at_least for n = 2^b (1 <= b <= 16): a column is >= n exactly when it has a bit at or
// above b, so the columns' OR answers (one OR per entry: sixteen entries per four vector ORs).
bool any_col_at_least_pow2(const Row& row, std::size_t n) noexcept {
  const std::uint32_t high = static_cast<std::uint32_t>(0xFFFFu & ~(n - 1));  // column bits >= b
  const std::size_t len = row.size();
  std::size_t k = 0;
  std::uint32_t acc = 0;
#if defined(__SSE2__)
  static_assert(sizeof(Row::value_type) == 4);
  __m128i a0 = _mm_setzero_si128(), a1 = a0, a2 = a0, a3 = a0;
  auto at = [&](std::size_t i) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(row.data() + i)); };
  for (; k + 16 <= len; k += 16) {
    a0 = _mm_or_si128(a0, at(k));
    a1 = _mm_or_si128(a1, at(k + 4));
    a2 = _mm_or_si128(a2, at(k + 8));
    a3 = _mm_or_si128(a3, at(k + 12));
  }
  const __m128i a = _mm_or_si128(_mm_or_si128(a0, a1), _mm_or_si128(a2, a3));
  alignas(16) std::uint32_t lanes[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(lanes), a);
  acc = lanes[0] | lanes[1] | lanes[2] | lanes[3];  // (low 16 bits of each lane: the columns' OR)
#endif
  for (; k < len; ++k) acc |= row[k].first;
  return (acc & high) != 0;
}
}  // namespace

Result<void> validate_input(const EpochInput& in, Variant variant, Path path) {
  const std::size_t n = in.n;
  auto need = [&](std::size_t got, const char* name) -> Result<void> {
    if (got != n)
      return fail(YumaError::length_mismatch,
                  std::string(name) + " has " + std::to_string(got) + " entries, n = " + std::to_string(n));
    return ok();
  };
  BT_TRY_VOID(need(in.registered.size(), "registered"));
  BT_TRY_VOID(need(in.block_at_registration.size(), "block_at_registration"));
  if (variant == Variant::spec143) {
    BT_TRY_VOID(need(in.stake.size(), "stake"));
  } else {
    BT_TRY_VOID(need(in.alpha_stake.size(), "alpha_stake"));
    BT_TRY_VOID(need(in.tao_stake.size(), "tao_stake"));
  }
  if (variant != Variant::head) {
    // The older runtimes index these vectors by uid and panic on a short vector.
    BT_TRY_VOID(need(in.last_update.size(), "last_update"));
    BT_TRY_VOID(need(in.validator_permit.size(), "validator_permit"));
    const bool pow2 = n > 0 && n <= 0x10000 && (n & (n - 1)) == 0;
    for (std::size_t i = 0; i < n && i < in.bonds.size(); ++i) {
      if (pow2 ? !any_col_at_least_pow2(in.bonds[i], n) : !any_col_at_least(in.bonds[i], n)) continue;
      for (const auto& [j, b] : in.bonds[i]) {
        (void)b;
        if (j >= n)
          return fail(YumaError::uid_out_of_range, "bonds[" + std::to_string(i) + "] has column " +
                                                       std::to_string(j) + " >= n (the " +
                                                       to_string(variant) + " runtime panics on it)");
      }
    }
  }
  // weights / bonds rows beyond n are legal stale storage: ignored like the runtime does, except
  // where the 2024 code indexes by them (it panics).
  if (variant == Variant::spec143) {
    for (std::size_t i = n; i < in.bonds.size(); ++i)
      if (!in.bonds[i].empty())
        return fail(YumaError::uid_out_of_range,
                    "bonds row " + std::to_string(i) + " >= n (the spec143 runtime panics on it)");
  }
  if (variant == Variant::head) {
    if (in.owner_uid && *in.owner_uid >= n && n > 0)
      return fail(YumaError::uid_out_of_range, "owner_uid " + std::to_string(*in.owner_uid) + " >= n");
    for (const auto& q : in.weight_commits)
      if (q.uid >= n)
        return fail(YumaError::uid_out_of_range, "weight_commits uid " + std::to_string(q.uid) + " >= n");
    for (const auto& t : in.timelocked_commits)
      for (const auto& [uid, block] : t.commits) {
        (void)block;
        if (uid >= n)
          return fail(YumaError::uid_out_of_range, "timelocked_commits uid " + std::to_string(uid) + " >= n");
      }
  }
  if (path == Path::dense) {
    if (variant == Variant::spec143) {
      // The 2024 get_weights (dense) indexes weights[uid_i][uid_j] without a range filter.
      for (std::size_t i = 0; i < in.weights.size(); ++i)
        for (const auto& [j, w] : in.weights[i]) {
          (void)w;
          if (i >= n || j >= n)
            return fail(YumaError::uid_out_of_range,
                        "weights entry (" + std::to_string(i) + ", " + std::to_string(j) +
                            ") outside n x n (the spec143 dense epoch panics on it)");
        }
    }
    if (n > kMaxDenseN)
      return fail(YumaError::unsupported, "the dense path allocates n x n matrices; n = " +
                                              std::to_string(n) + " > " + std::to_string(kMaxDenseN));
  }
  return ok();
}

Result<EpochOutput> run_epoch(const EpochInput& input, Variant variant, Path path,
                              const EpochOptions& options) {
  BT_TRY_VOID(validate_input(input, variant, path));
  const detail::Policy p = detail::policy_for(variant, path);
  if (path == Path::dense) {
    if (variant == Variant::spec143) return detail::epoch_spec143_dense(input, p, options);
    return detail::epoch_dense(input, p, options);
  }
  if (variant == Variant::spec143) return detail::epoch_spec143_sparse(input, p, options);
  return detail::epoch_sparse(input, p, options);
}

// ------------------------------------------------------------------ mechanisms

std::vector<std::uint64_t> split_emissions(std::uint64_t alpha, std::size_t count,
                                           const std::optional<std::vector<std::uint16_t>>& split) {
  std::vector<std::uint64_t> result;
  if (split) {
    for (std::uint16_t s : *split) {
      const fixed::u128 v = static_cast<fixed::u128>(alpha) * s / 65535u;
      result.push_back(static_cast<std::uint64_t>(v));
    }
  } else {
    const std::uint64_t per = count == 0 ? 0 : alpha / count;
    result.assign(count, per);
  }
  result.resize(count, 0);
  std::uint64_t total = 0;
  for (auto v : result) total += v;  // u64 sum (as the Rust `sum()`; cannot exceed alpha)
  const std::uint64_t err = alpha >= total ? alpha - total : 0;
  if (!result.empty()) {
    std::uint64_t& first = result.front();
    first = (first > UINT64_MAX - err) ? UINT64_MAX : first + err;
  }
  return result;
}

namespace {
using fixed::U64F64;

std::uint16_t weighted_acc_u16(std::uint16_t existing, std::uint16_t added, U64F64 w) {
  return U64F64::saturating_from_num(existing)
      .saturating_add(U64F64::saturating_from_num(added).saturating_mul(w))
      .saturating_to_num<std::uint16_t>();
}
std::uint64_t weighted_acc_alpha(std::uint64_t existing, std::uint64_t added, U64F64 w) {
  return U64F64::saturating_from_num(existing)
      .saturating_add(U64F64::saturating_from_num(added).saturating_mul(w))
      .saturating_to_num<std::uint64_t>();
}
std::uint64_t sat_add(std::uint64_t a, std::uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

struct Terms {
  std::uint16_t dividend = 0, incentive = 0, stake_weight = 0, consensus = 0, validator_trust = 0;
  std::uint64_t validator_emission = 0, server_emission = 0, emission = 0, stake = 0;
  bool active = false, permit = false;
};
}  // namespace

Result<MechanismsOutput> epoch_with_mechanisms(const MechanismsInput& input, const EpochOptions& options) {
  const std::size_t count = input.mechanisms.size();
  if (count == 0 || count > 255)
    return fail(YumaError::invalid_input, "mechanism count must be 1..255, got " + std::to_string(count));
  MechanismsOutput out;
  out.sub_emissions = split_emissions(input.rao_emission, count, input.emission_split);
  const std::size_t n = input.base.n;
  // Aggregated terms per registered uid (the runtime keys them by hotkey; uid order is the same
  // as the persisted uid-sorted order).
  std::map<std::uint16_t, Terms> agg;
  for (std::size_t m = 0; m < count; ++m) {
    EpochInput in = input.base;
    const MechanismState& ms = input.mechanisms[m];
    in.weights = ms.weights;
    in.bonds = ms.bonds;
    in.last_update = ms.last_update;
    in.weight_commits = ms.weight_commits;
    in.timelocked_commits = ms.timelocked_commits;
    in.rao_emission = out.sub_emissions[m];
    auto r = run_epoch(in, Variant::head, Path::sparse, options);
    if (!r) {
      Error e = std::move(r).error();
      return fail(Error(e.code(), "mechanism " + std::to_string(m) + ": " + e.message()));
    }
    EpochOutput eo = std::move(*r);
    // sub_weight = U64F64(sub_emission).safe_div_or(U64F64(rao_emission), mech 0 ? 1 : 0)
    const U64F64 denom = U64F64::saturating_from_num(input.rao_emission);
    U64F64 w = U64F64::saturating_from_num(out.sub_emissions[m]);
    if (auto q = w.checked_div(denom)) {
      w = *q;
    } else {
      w = U64F64::saturating_from_num(m == 0 ? 1 : 0);
    }
    std::size_t k = 0;  // position in the compacted storage vectors
    for (std::size_t uid = 0; uid < n; ++uid) {
      if (!in.registered[uid]) continue;
      Terms t;
      t.dividend = eo.dividends[k];
      t.incentive = eo.incentive[k];
      t.stake_weight = eo.stake_weight[k];
      t.consensus = eo.consensus[k];
      t.validator_trust = eo.validator_trust[k];
      t.emission = eo.emission[k];
      t.active = eo.active[k];
      t.permit = eo.validator_permit[k];
      t.validator_emission = eo.validator_emission[uid].value_or(0);
      t.server_emission = eo.server_emission[uid].value_or(0);
      t.stake = eo.stake[uid].value_or(0);
      ++k;
      auto it = agg.find(static_cast<std::uint16_t>(uid));
      if (it == agg.end()) {
        Terms a;
        a.dividend = weighted_acc_u16(0, t.dividend, w);
        a.incentive = weighted_acc_u16(0, t.incentive, w);
        a.validator_emission = t.validator_emission;
        a.server_emission = t.server_emission;
        a.stake_weight = weighted_acc_u16(0, t.stake_weight, w);
        a.active = t.active;
        a.emission = weighted_acc_alpha(0, t.emission, w);
        a.consensus = weighted_acc_u16(0, t.consensus, w);
        a.validator_trust = weighted_acc_u16(0, t.validator_trust, w);
        a.permit = t.permit;
        a.stake = t.stake;
        agg.emplace(static_cast<std::uint16_t>(uid), a);
      } else {
        Terms& a = it->second;
        a.validator_emission = sat_add(a.validator_emission, t.validator_emission);
        a.server_emission = sat_add(a.server_emission, t.server_emission);
        a.dividend = weighted_acc_u16(a.dividend, t.dividend, w);
        a.stake_weight = weighted_acc_u16(a.stake_weight, t.stake_weight, w);
        a.active = a.active || t.active;
        a.emission = weighted_acc_alpha(a.emission, t.emission, w);
        a.consensus = weighted_acc_u16(a.consensus, t.consensus, w);
        a.validator_trust = weighted_acc_u16(a.validator_trust, t.validator_trust, w);
        a.permit = a.permit || t.permit;
        a.stake = sat_add(a.stake, t.stake);
        // incentive: not aggregated after the first mechanism (as in the runtime).
      }
    }
    out.mechanisms.push_back(std::move(eo));
  }
  EpochOutput& a = out.aggregated;
  a.server_emission.assign(n, std::nullopt);
  a.validator_emission.assign(n, std::nullopt);
  a.stake.assign(n, std::nullopt);
  for (const auto& [uid, t] : agg) {
    a.server_emission[uid] = t.server_emission;
    a.validator_emission[uid] = t.validator_emission;
    a.stake[uid] = t.stake;
    a.incentive.push_back(t.incentive);
    a.dividends.push_back(t.dividend);
    a.consensus.push_back(t.consensus);
    a.validator_trust.push_back(t.validator_trust);
    a.stake_weight.push_back(t.stake_weight);
    a.active.push_back(t.active);
    a.emission.push_back(t.emission);
    a.validator_permit.push_back(t.permit);
  }
  a.post_state_validator_permit = a.validator_permit;
  return out;
}

}  // namespace bt::yuma
