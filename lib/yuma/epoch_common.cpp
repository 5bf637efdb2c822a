// SPDX-License-Identifier: MIT
#include "yuma/epoch_common.hpp"

#include <algorithm>
#include <bt/fixed/divisor.hpp>
#include <bt/fixed/transcendental.hpp>
#include <cstring>
#include <limits>
#include <type_traits>

#include "yuma/math_spec143.hpp"

namespace bt::yuma::detail {

using namespace bt::yuma::math;

namespace {
const I32F32 kZero = I32F32::zero();
const I32F32 kOne = I32F32::one();
const char* alias_active(std::string_view l) { return l == "Active Stake" ? "S (active)" : "S"; }
}  // namespace

Policy policy_for(Variant v, Path path) noexcept {
  // clang-format off
  static constexpr Policy kTable[] = {
    {.variant = Variant::head, .path = Path::sparse, .cutoff_from_factor = true, .stake_threshold = true,
     .owner_exemptions = true, .topk_nonzero = true, .commit_reveal = true, .ranks_trust_pruning = false,
     .bonds_penalty = true, .bond_mask_last_tempo = true, .yuma3_available = true,
     .quantile_liquid_alpha = false, .wrapping_arith = false, .terms_storage = true,
     .bonds_write_zip_old_permits = false, .has_stake_weight = true, .stake_output = true},
    {.variant = Variant::head, .path = Path::dense, .cutoff_from_factor = true, .stake_threshold = true,
     .owner_exemptions = false, .topk_nonzero = true, .commit_reveal = false, .ranks_trust_pruning = false,
     .bonds_penalty = true, .bond_mask_last_tempo = true, .yuma3_available = true,
     .quantile_liquid_alpha = false, .wrapping_arith = false, .terms_storage = false,
     .bonds_write_zip_old_permits = true, .has_stake_weight = true, .stake_output = false},
    {.variant = Variant::feb2025, .path = Path::sparse, .cutoff_from_factor = false, .stake_threshold = false,
     .owner_exemptions = false, .topk_nonzero = false, .commit_reveal = false, .ranks_trust_pruning = true,
     .bonds_penalty = true, .bond_mask_last_tempo = false, .yuma3_available = false,
     .quantile_liquid_alpha = true, .wrapping_arith = false, .terms_storage = false,
     .bonds_write_zip_old_permits = true, .has_stake_weight = true, .stake_output = false},
    {.variant = Variant::feb2025, .path = Path::dense, .cutoff_from_factor = false, .stake_threshold = false,
     .owner_exemptions = false, .topk_nonzero = false, .commit_reveal = false, .ranks_trust_pruning = true,
     .bonds_penalty = true, .bond_mask_last_tempo = false, .yuma3_available = false,
     .quantile_liquid_alpha = true, .wrapping_arith = false, .terms_storage = false,
     .bonds_write_zip_old_permits = true, .has_stake_weight = true, .stake_output = false},
    {.variant = Variant::spec143, .path = Path::sparse, .cutoff_from_factor = false, .stake_threshold = false,
     .owner_exemptions = false, .topk_nonzero = false, .commit_reveal = false, .ranks_trust_pruning = true,
     .bonds_penalty = false, .bond_mask_last_tempo = false, .yuma3_available = false,
     .quantile_liquid_alpha = false, .wrapping_arith = true, .terms_storage = false,
     .bonds_write_zip_old_permits = false, .has_stake_weight = false, .stake_output = false},
    {.variant = Variant::spec143, .path = Path::dense, .cutoff_from_factor = false, .stake_threshold = false,
     .owner_exemptions = false, .topk_nonzero = false, .commit_reveal = false, .ranks_trust_pruning = true,
     .bonds_penalty = false, .bond_mask_last_tempo = false, .yuma3_available = false,
     .quantile_liquid_alpha = false, .wrapping_arith = true, .terms_storage = false,
     .bonds_write_zip_old_permits = false, .has_stake_weight = false, .stake_output = false},
  };
  // clang-format on
  for (const Policy& p : kTable)
    if (p.variant == v && p.path == path) return p;
  return kTable[0];  // unreachable: every (variant, path) has a row
}

// ------------------------------------------------------------------ tracing

const char* Tracer::alias(const char* label) const noexcept {
  const std::string_view l = label;
  if (variant_ == Variant::spec143) {
    if (l == "Normalised Stake") return "S";
    if (l == "Active Stake") return "S (active)";
    if (l == "Consensus") return "C";
    if (l == "Validator Trust") return "Tv";
    if (l == "Incentive (=Rank)") return dense_ ? "I" : "I (=R)";
    if (l == "Dividends") return "D";
  }
  if (dense_) {
    if (l == "Normalised Stake" || l == "Active Stake")
      return variant_ == Variant::spec143 ? alias_active(l) : "S";
    if (l == "Incentive (=Rank)") return "I";
  }
  if (variant_ == Variant::spec143 || dense_) {
    if (l == "Normalized Server Emission") return "nSE";
    if (l == "Normalized Validator Emission") return "nVE";
    if (l == "Normalized Combined Emission") return "nCE";
  }
  return label;
}

void Tracer::vec(const char* label, const std::vector<I32F32>& v) {
  if (!sink_) return;
  TraceEntry e;
  e.label = alias(label);
  e.kind = TraceEntry::Kind::vec_i32f32;
  e.vec.reserve(v.size());
  for (auto x : v) e.vec.push_back(x.to_bits());
  sink_->push_back(std::move(e));
}
void Tracer::vec64(const char* label, const std::vector<I64F64>& v) {
  if (!sink_) return;
  TraceEntry e;
  e.label = alias(label);
  e.kind = TraceEntry::Kind::vec_i64f64;
  for (auto x : v) e.vec128.push_back(fixed::i128_to_string(x.to_bits()));
  sink_->push_back(std::move(e));
}
void Tracer::sparse(const char* label, const SparseMatrix& m) {
  if (!sink_) return;
  TraceEntry e;
  e.label = alias(label);
  e.kind = TraceEntry::Kind::sparse_i32f32;
  e.sparse.resize(m.rows());
  for (std::size_t i = 0; i < m.rows(); ++i)
    for (const auto& x : m.row(i)) e.sparse[i].emplace_back(x.col, x.val.to_bits());
  sink_->push_back(std::move(e));
}
void Tracer::dense(const char* label, const DenseMatrix& m) {
  if (!sink_) return;
  TraceEntry e;
  e.label = alias(label);
  e.kind = TraceEntry::Kind::dense_i32f32;
  e.dense.resize(m.size());
  for (std::size_t i = 0; i < m.size(); ++i)
    for (auto x : m[i]) e.dense[i].push_back(x.to_bits());
  sink_->push_back(std::move(e));
}

// ------------------------------------------------------------------ inputs

Common compute_common(const EpochInput& in, const Policy& p) {
  Common c;
  c.n = in.n;
  if (p.cutoff_from_factor) {
    const std::uint64_t f = in.activity_cutoff_factor_milli;
    const std::uint64_t t = in.tempo;
    std::uint64_t prod = 0;
    if (__builtin_mul_overflow(f, t, &prod)) prod = std::numeric_limits<std::uint64_t>::max();
    c.activity_cutoff = std::max<std::uint64_t>(prod / 1000, 1);
  } else {
    c.activity_cutoff = in.activity_cutoff;
  }
  // head get_last_update pads with 0 to n; a longer vector only matters through its first n
  // entries (every use indexes by uid < n), so it is cut to n.
  c.last_update = in.last_update;
  c.last_update.resize(in.n, 0);
  c.inactive.resize(c.last_update.size());
  auto inactive = c.inactive.begin();
  for (std::size_t i = 0; i < c.last_update.size(); ++i, ++inactive) {
    std::uint64_t s = 0;
    if (p.wrapping_arith) {
      s = c.last_update[i] + c.activity_cutoff;  // spec143: plain `+` (wraps in release)
    } else if (__builtin_add_overflow(c.last_update[i], c.activity_cutoff, &s)) {
      s = std::numeric_limits<std::uint64_t>::max();
    }
    *inactive = s < in.current_block;
  }
  c.active = c.inactive;
  c.active.flip();  // whole words at a time
  c.block_at_registration.resize(in.n);
  auto reg = in.registered.begin();
  for (std::size_t i = 0; i < in.n; ++i, ++reg)
    c.block_at_registration[i] = *reg ? in.block_at_registration[i] : 0;
  return c;
}

namespace {
// I64F64::saturating_from_num(tao).saturating_mul(w). For tao < 2^63 the first has bits tao * 2^64
// (no clamp), and for w's bits in [0, 2^64) the product's bits are floor(tao * 2^64 * w / 2^64)
// = tao * w < 2^63 * 2^64 = 2^127 (no saturation): one 64 x 64 -> 128 multiply. (The TAO weight
// is a proportion, so w lies in [0, 1]; only w = 1.0 exactly takes the general form.)
I64F64 tao_times(std::uint64_t tao, I64F64 w) noexcept {
  const fixed::i128 wb = w.to_bits();
  if (tao < (std::uint64_t{1} << 63) && wb >= 0 && wb < (fixed::i128{1} << 64))
    return I64F64::from_bits(
        static_cast<fixed::i128>(static_cast<fixed::u128>(tao) * static_cast<std::uint64_t>(wb)));
  return I64F64::saturating_from_num(tao).saturating_mul(w);
}

// fixed64_to_fixed32 of inplace_normalize_64(x) in one step, when the wrapping sum s of x has bits
// S in (0, 2^126) and every x[i] has bits a in [0, S] (stakes are non-negative; a wrapped or empty
// sum takes the literal form). Returns false (out untouched) otherwise. Why it is exact:
// - a.safe_div(s) is floor(a * 2^64 / S) (at most 2^64, so it fits and safe_div does not zero it),
//   and fixed64_to_fixed32 floors away 32 fraction bits: floor(floor(a * 2^64 / S) / 2^32) =
//   floor(a * 2^32 / S) =: q, at most 2^32.
// - q0 = trunc(a * (2^32 / S)) in doubles: a and S are converted (hi * 2^64 + lo: three
//   roundings) with a relative error below 2^-51 each, the reciprocal and the product add 2^-53
//   each, in all below 2^-49, so the estimate differs from a * 2^32 / S <= 2^32 by less than
//   2^32 * 2^-49 < 1: q0 is q - 1, q or q + 1.
// - r = a * 2^32 - q0 * S then lies in [-S, 2S), inside (-2^127, 2^127) since S < 2^126, so its
//   value modulo 2^128 (unsigned wrapping arithmetic) read as a signed i128 is r itself; one step
//   (r < 0: q0 - 1; r >= S: q0 + 1) gives q.
// The loop of stake_share_plain for a sum s in (0, 2^126) and every x[i] in [0, s].
void stake_share_bounded(std::span<const I64F64> x, fixed::u128 s, std::vector<I32F32>& out) noexcept {
  using fixed::i128;
  using fixed::u128;
  auto to_double = [](u128 v) {
    return static_cast<double>(static_cast<std::uint64_t>(v >> 64)) * 18446744073709551616.0 +
           static_cast<double>(static_cast<std::uint64_t>(v));
  };
  const double inv = 4294967296.0 / to_double(s);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const u128 a = static_cast<u128>(x[i].to_bits());
    std::uint64_t q = static_cast<std::uint64_t>(to_double(a) * inv);
    const auto r = static_cast<i128>((a << 32) - static_cast<u128>(q) * s);
    if (r < 0) {
      --q;
    } else if (static_cast<u128>(r) >= s) {
      ++q;
    }
    out[i] = I32F32::from_bits(static_cast<std::int64_t>(q));
  }
}

// compute_stake without trace, in one pass over the uids: the total stake (the TAO product by
// tao_times), the head threshold filter (fixed64_to_u64 of a non-negative I64F64 is its integer
// part bits >> 64, below 2^63; of a negative one 0) and the filtered sum, then the shares by
// stake_share_bounded when that sum has bits in (0, 2^126) without wrapping and no filtered value
// is negative (then each lies in [0, sum]: the same conditions as the check the literal form needs);
// otherwise the literal inplace_normalize_64 and fixed64_to_fixed32.
StakeResult stake_plain(const EpochInput& in, const Policy& p, I64F64 tao_weight) {
  using fixed::i128;
  using fixed::u128;
  const std::size_t n = in.n;
  StakeResult r;
  r.total.resize(n);
  r.stake.resize(n);
  std::vector<I64F64> filtered(n);
  const bool has_owner = p.owner_exemptions && in.owner_uid.has_value();
  const std::size_t owner = has_owner ? *in.owner_uid : 0;
  u128 acc = 0;
  bool bad = false;  // a negative filtered value or a wrapped sum
  auto reg = in.registered.begin();
  for (std::size_t i = 0; i < n; ++i, ++reg) {
    if (!*reg) continue;  // total and filtered stay zero
    const I64F64 t =
        I64F64::saturating_from_num(in.alpha_stake[i]).saturating_add(tao_times(in.tao_stake[i], tao_weight));
    r.total[i] = t;
    const i128 b = t.to_bits();
    if (p.stake_threshold && !(has_owner && owner == i)) {
      const std::uint64_t whole = b < 0 ? 0 : static_cast<std::uint64_t>(b >> 64);
      if (whole < in.stake_threshold) continue;
    }
    filtered[i] = t;
    const u128 before = acc;
    acc += static_cast<u128>(b);
    bad |= b < 0 || acc < before;
  }
  if (!bad && acc > 0 && acc < (u128{1} << 126)) {
    stake_share_bounded(filtered, acc, r.stake);
  } else {
    inplace_normalize_64(filtered);
    for (std::size_t i = 0; i < n; ++i) r.stake[i] = fixed64_to_fixed32(filtered[i]);
  }
  return r;
}
}  // namespace

StakeResult compute_stake(const EpochInput& in, const Policy& p, Tracer& tr, bool plain) {
  StakeResult r;
  const std::size_t n = in.n;
  // get_tao_weight: U96F32 (head) / I96F32 (feb2025) tw / u64::MAX, widened to I64F64.
  // (spec143 computes its TAO-only stake in epoch_spec143.cpp.)
  const fixed::U96F32 tw96 =
      fixed::U96F32::saturating_from_num(in.tao_weight)
          .safe_div(fixed::U96F32::saturating_from_num(std::numeric_limits<std::uint64_t>::max()));
  const I64F64 tao_weight = I64F64::saturating_from_fixed(tw96);
  if (plain && !tr.on()) return stake_plain(in, p, tao_weight);
  r.total.assign(n, I64F64::zero());
  for (std::size_t i = 0; i < n; ++i) {
    if (!in.registered[i]) continue;
    const I64F64 a = I64F64::saturating_from_num(in.alpha_stake[i]);
    r.total[i] = a.saturating_add(I64F64::saturating_from_num(in.tao_stake[i]).saturating_mul(tao_weight));
  }
  std::vector<I64F64> filtered = r.total;
  if (p.stake_threshold) {
    for (std::size_t i = 0; i < n; ++i) {
      const bool exempt = p.owner_exemptions && in.owner_uid && *in.owner_uid == i;
      if (!exempt && fixed64_to_u64(filtered[i]) < in.stake_threshold) filtered[i] = I64F64::zero();
    }
    tr.vec64("Filtered stake", filtered);
  }
  r.stake.resize(n);
  inplace_normalize_64(filtered);
  for (std::size_t i = 0; i < n; ++i) r.stake[i] = fixed64_to_fixed32(filtered[i]);
  tr.vec("Normalised Stake", r.stake);
  return r;
}

SparseMatrix get_weights_sparse(const EpochInput& in) {
  const std::size_t n = in.n;
  SparseMatrix m;
  std::size_t nnz = 0;
  for (std::size_t i = 0; i < n && i < in.weights.size(); ++i) nnz += in.weights[i].size();
  m.reserve(n, nnz);
  for (std::size_t i = 0; i < n; ++i) {
    if (i < in.weights.size())
      for (const auto& [j, w] : in.weights[i])
        if (j < n) m.push(j, I32F32::saturating_from_num(w));
    m.end_row();
  }
  return m;
}

SparseMatrix get_bonds_sparse(const EpochInput& in, bool proportion) {
  const std::size_t n = in.n;
  SparseMatrix m;
  std::size_t nnz = 0;
  for (std::size_t i = 0; i < n && i < in.bonds.size(); ++i) nnz += in.bonds[i].size();
  m.reserve(n, nnz);
  for (std::size_t i = 0; i < n; ++i) {
    if (i < in.bonds.size())
      for (const auto& [j, b] : in.bonds[i]) {
        // fixed_to_fixed_u16_proportion(I32F32::from_num(b)) == u16_proportion_to_fixed(b).
        m.push(j, proportion ? u16_proportion_to_fixed(b) : I32F32::saturating_from_num(b));
      }
    m.end_row();
  }
  return m;
}

DenseMatrix get_weights(const EpochInput& in) {
  const std::size_t n = in.n;
  DenseMatrix m(n, std::vector<I32F32>(n, kZero));
  for (std::size_t i = 0; i < n && i < in.weights.size(); ++i)
    for (const auto& [j, w] : in.weights[i])
      if (j < n) m[i][j] = I32F32::saturating_from_num(w);
  return m;
}

DenseMatrix get_bonds(const EpochInput& in, bool proportion) {
  const std::size_t n = in.n;
  DenseMatrix m(n, std::vector<I32F32>(n, kZero));
  for (std::size_t i = 0; i < n && i < in.bonds.size(); ++i)
    for (const auto& [j, b] : in.bonds[i])
      if (j < n) {
        const I32F32 v = I32F32::saturating_from_num(b);
        m[i][j] = proportion ? fixed_to_fixed_u16_proportion(v) : v;
      }
  return m;
}

std::vector<std::uint64_t> commit_blocks(const EpochInput& in) {
  std::vector<std::uint64_t> cb(in.n, std::numeric_limits<std::uint64_t>::max());
  auto expired = [&](std::uint64_t epoch) {
    std::uint64_t lim = 0;
    if (__builtin_add_overflow(epoch, in.reveal_period, &lim))
      lim = std::numeric_limits<std::uint64_t>::max();
    return in.current_epoch_with_lookahead > lim;
  };
  auto registered = [&](std::uint16_t uid) { return uid < in.n && in.registered[uid]; };
  for (const auto& q : in.weight_commits) {
    for (const auto& [epoch, block] : q.commits) {
      if (!expired(epoch)) {
        if (registered(q.uid)) cb[q.uid] = std::min(cb[q.uid], block);
        break;
      }
    }
  }
  for (const auto& t : in.timelocked_commits) {
    if (expired(t.commit_epoch)) continue;
    for (const auto& [uid, block] : t.commits)
      if (registered(uid)) cb[uid] = std::min(cb[uid], block);
  }
  return cb;
}

I32F32 u16_prop(std::uint16_t v) noexcept { return u16_proportion_to_fixed(v); }

I32F32 ema_alpha_normal(std::uint64_t bma) noexcept {
  const I64F64 b = I64F64::saturating_from_num(bma).safe_div(I64F64::saturating_from_num(1000000));
  return kOne.saturating_sub(I32F32::saturating_from_fixed(b));
}

I32F32 ema_alpha_disabled_la(std::uint64_t bma) noexcept {
  // I64F64::from_num(bma).saturating_div(1e6); I32F32::from_num(..) wraps in release builds.
  const I64F64 b = I64F64::saturating_from_num(bma).saturating_div(I64F64::saturating_from_num(1000000));
  return kOne.saturating_sub(I32F32::wrapping_from_fixed(b));
}

std::uint64_t last_tempo(const EpochInput& in) noexcept {
  if (in.last_mechanism_step_block == 0)
    return in.current_block >= in.tempo ? in.current_block - in.tempo : 0;
  return in.last_mechanism_step_block == std::numeric_limits<std::uint64_t>::max()
             ? in.last_mechanism_step_block
             : in.last_mechanism_step_block + 1;
}

bool feb2025_liquid_alphas(const EpochInput& in, const std::vector<I32F32>& consensus,
                           std::vector<I32F32>* out, Tracer& tr) {
  const I32F32 c_high = quantile(consensus, 0.75);
  const I32F32 c_low = quantile(consensus, 0.25);
  if (!((c_high > c_low) || c_high != kZero || c_low < kZero)) return false;
  const I32F32 alpha_low = u16_prop(in.alpha_low), alpha_high = u16_prop(in.alpha_high);
  // calculate_logistic_params
  I32F32 a = kZero, b = kZero;
  if (!(c_high <= c_low || alpha_low == kZero || alpha_high == kZero)) {
    const I32F32 ln_high = safe_ln(kOne.safe_div(alpha_high).saturating_sub(kOne));
    const I32F32 ln_low = safe_ln(kOne.safe_div(alpha_low).saturating_sub(kOne));
    a = ln_high.saturating_sub(ln_low).safe_div(c_low.saturating_sub(c_high));
    b = ln_low.saturating_add(a.saturating_mul(c_low));
  }
  std::vector<I32F32> alpha(consensus.size());
  for (std::size_t j = 0; j < consensus.size(); ++j) {
    const I32F32 e = safe_exp(b.saturating_sub(a.saturating_mul(consensus[j])));
    alpha[j] = kOne.safe_div(kOne.saturating_add(e));
  }
  tr.vec("alpha", alpha);
  out->resize(alpha.size());
  for (std::size_t j = 0; j < alpha.size(); ++j) (*out)[j] = alpha[j].min_of(alpha_high).max_of(alpha_low);
  tr.vec("alpha_clamped", *out);
  return true;
}

Row to_u16_row(std::span<const math::SparseEntry> row) {
  Row r;
  r.reserve(row.size());
  for (const auto& e : row) {
    // fixed_proportion_to_u16 = floor(x * 65535) clamped; for 0 <= x <= 1 that is one 64-bit
    // multiply (the product stays below 2^48).
    const std::int64_t b = e.val.to_bits();
    const std::uint16_t u = (b >= 0 && b <= (std::int64_t{1} << 32))
                                ? static_cast<std::uint16_t>((static_cast<std::uint64_t>(b) * 65535) >> 32)
                                : fixed_proportion_to_u16(e.val);
    r.emplace_back(e.col, u);
  }
  return r;
}

// ------------------------------------------------------------------ emission + outputs

namespace {
// spec143 release-build forms of the few operations that can overflow on its edge inputs.
void normalize_using_sum_wrapping(std::vector<I32F32>& x, I32F32 s) {
  if (s == kZero) return;
  for (auto& v : x) v = v.wrapping_div(s);
}
void normalize_wrapping(std::vector<I32F32>& x) { normalize_using_sum_wrapping(x, sum(x)); }

// A copy of a stored row. std::vector<std::pair<u16, u16>>'s own copy constructs entry by entry
// (std::pair is not a trivial type); a sized row (zeroed in wide stores) takes the entries' bytes in
// one block copy (each entry is two u16 fields, 4 bytes without padding).
Row copy_row(const Row& r) {
  static_assert(sizeof(Row::value_type) == 4 && std::is_trivially_copy_constructible_v<Row::value_type>);
  Row c(r.size());
  if (!r.empty()) std::memcpy(static_cast<void*>(c.data()), r.data(), r.size() * sizeof(Row::value_type));
  return c;
}

}  // namespace

// The emission and u16 conversions of finish_epoch. For x in [0, 1] (bits b in [0, 2^32]) no
// operation can overflow, so the saturating (later variants) and wrapping (spec143) forms give the
// same result, in one multiply:
// - to_rao: I96F32::saturating_from_fixed(x) has bits b; I96F32::saturating_from_num(e) has bits
//   e * 2^32 (e < 2^64 fits 96 integer bits); their product's bits are floor(b * e * 2^32 / 2^32)
//   = b * e < 2^96 (no saturation), and to_num<u64> floors it: (b * e) >> 32 <= e.
// - fixed_proportion_to_u16: x * 65535 has bits b * 65535 < 2^48 and to_num<u16> floors it:
//   (b * 65535) >> 32 <= 65535.
// Other values take the literal forms.
namespace {
bool unit_bits(I32F32 x) noexcept {
  return static_cast<std::uint64_t>(x.to_bits()) <= (std::uint64_t{1} << 32);
}

std::uint64_t emission_rao(I32F32 x, std::uint64_t rao_emission, bool wrapping, bool plain) noexcept {
  if (plain && unit_bits(x))
    return static_cast<std::uint64_t>(
        (static_cast<fixed::u128>(static_cast<std::uint64_t>(x.to_bits())) * rao_emission) >> 32);
  const I96F32 v = I96F32::saturating_from_fixed(x);
  const I96F32 e96 = I96F32::saturating_from_num(rao_emission);
  if (wrapping) return v.wrapping_mul(e96).wrapping_to_num<std::uint64_t>();
  return v.saturating_mul(e96).saturating_to_num<std::uint64_t>();
}

std::uint16_t proportion_u16(I32F32 x, bool wrapping, bool plain) noexcept {
  if (plain && unit_bits(x))
    return static_cast<std::uint16_t>((static_cast<std::uint64_t>(x.to_bits()) * 65535) >> 32);
  return wrapping ? spec143::fixed_proportion_to_u16(x) : fixed_proportion_to_u16(x);
}
}  // namespace

namespace {
// The emission part of finish_epoch in one pass over the uids, without the normalised vectors,
// when the wrapping sum s of the combined emission (incentive + dividends, saturating) has bits
// S > 0 (returns false otherwise; out untouched). Why it is exact:
// - inplace_normalize_using_sum(nse / nve, s) and inplace_normalize(nce) all divide by s (nce's
//   own sum is s), and emission_sum != 0 keeps the normalised vectors.
// - x.safe_div(s) for x with bits b in [0, 2^32) (I32F32 div_raw): below 2^31 it is the 64-bit
//   quotient (b << 32) / S (< 2^63); from 2^31 the 128/64 division with high word b >> 32 = 0 < S
//   gives (b << 32) / S, zero when it exceeds INT64_MAX. Both are U64Divisor(S).divide(b << 32)
//   (exact for the 64-bit numerator b << 32) with that one overflow rule. Other x take safe_div.
// - to_rao of the result takes emission_rao's one-multiply form for values in [0, 1] and its
//   literal form otherwise, as the stepwise code does.
bool emissions_plain(const EpochInput& in, const Finals& f, std::vector<std::uint64_t>& emission,
                     std::vector<I32F32>* nce, EpochOutput& out) {
  const std::size_t n = in.n;
  std::uint64_t sb = 0;  // the wrapping I32F32 sum, as bits modulo 2^64
  for (std::size_t i = 0; i < n; ++i)
    sb += static_cast<std::uint64_t>(f.incentive[i].saturating_add(f.dividends[i]).to_bits());
  if (static_cast<std::int64_t>(sb) <= 0) return false;
  const I32F32 s = I32F32::from_bits(static_cast<std::int64_t>(sb));
  const fixed::U64Divisor dv(sb);
  auto norm = [&](I32F32 x) {
    const auto b = static_cast<std::uint64_t>(x.to_bits());
    if (b >= (std::uint64_t{1} << 32)) return x.safe_div(s);
    const std::uint64_t q = dv.divide(b << 32);
    return I32F32::from_bits(q > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                                 ? 0
                                 : static_cast<std::int64_t>(q));
  };
  const std::uint64_t e = in.rao_emission;
  auto rao = [e](I32F32 x) {
    if (!unit_bits(x)) return emission_rao(x, e, /*wrapping=*/false, /*plain=*/true);
    return static_cast<std::uint64_t>(
        (static_cast<fixed::u128>(static_cast<std::uint64_t>(x.to_bits())) * e) >> 32);
  };
  if (nce != nullptr) nce->resize(n);
  auto reg = in.registered.begin();
  for (std::size_t i = 0; i < n; ++i, ++reg) {
    const I32F32 inc = f.incentive[i], div = f.dividends[i];
    const I32F32 c = norm(inc.saturating_add(div));
    emission[i] = rao(c);
    if (nce != nullptr) (*nce)[i] = c;
    if (*reg) {
      out.server_emission[i] = rao(norm(inc));
      out.validator_emission[i] = rao(norm(div));
    }
  }
  return true;
}
}  // namespace

EpochOutput finish_epoch(const EpochInput& in, const Policy& p, const Common& c, Finals& f, Tracer& tr,
                         bool plain) {
  const std::size_t n = in.n;
  const bool wrap = p.wrapping_arith;
  auto to_u16 = [&](I32F32 x) { return proportion_u16(x, wrap, plain); };
  EpochOutput out;
  out.server_emission.resize(n);
  out.validator_emission.resize(n);
  std::vector<std::uint64_t> emission(n);
  std::vector<I32F32> nce;
  if (!(plain && !wrap && !tr.on() &&
        emissions_plain(in, f, emission, p.ranks_trust_pruning ? &nce : nullptr, out))) {
    std::vector<I32F32> combined(n);
    for (std::size_t i = 0; i < n; ++i)
      combined[i] =
          wrap ? f.incentive[i].wrapping_add(f.dividends[i]) : f.incentive[i].saturating_add(f.dividends[i]);
    const I32F32 emission_sum = sum(combined);
    std::vector<I32F32> nse = f.incentive, nve = f.dividends;
    nce = std::move(combined);
    if (wrap) {
      normalize_using_sum_wrapping(nse, emission_sum);
      normalize_using_sum_wrapping(nve, emission_sum);
      normalize_wrapping(nce);
    } else {
      inplace_normalize_using_sum(nse, emission_sum);
      inplace_normalize_using_sum(nve, emission_sum);
      inplace_normalize(nce);
    }
    if (emission_sum == kZero) {
      const auto& src = is_zero(f.active_stake) ? f.stake : f.active_stake;
      nve = src;
      nce = src;
    }
    tr.vec("Normalized Server Emission", nse);
    tr.vec("Normalized Validator Emission", nve);
    tr.vec("Normalized Combined Emission", nce);

    auto to_rao = [&](I32F32 x) { return emission_rao(x, in.rao_emission, wrap, plain); };
    for (std::size_t i = 0; i < n; ++i) {
      if (!in.registered[i]) continue;
      out.server_emission[i] = to_rao(nse[i]);
      out.validator_emission[i] = to_rao(nve[i]);
    }
    for (std::size_t i = 0; i < n; ++i) emission[i] = to_rao(nce[i]);
  }

  auto u16v = [&](const std::vector<I32F32>& v) {
    std::vector<std::uint16_t> r(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) r[i] = to_u16(v[i]);
    return r;
  };

  if (p.terms_storage) {
    // EpochTerms for registered uids; storage vectors are the uid-sorted terms.
    if (p.stake_output) out.stake.resize(n);
    std::size_t k = 0;
    out.bonds_written.assign(std::max(n, in.bonds.size()), std::nullopt);
    const std::size_t regs = static_cast<std::size_t>(
        std::count(in.registered.begin(), in.registered.begin() + static_cast<std::ptrdiff_t>(n), true));
    // Every uid registered (the usual subnet): the storage position k is the uid, and the n-long
    // active, permit and emission vectors are the storage vectors as they are (whole-word copies
    // instead of bit by bit).
    const bool all = regs == n && c.active.size() == n && f.new_permits.size() == n;
    for (auto* v : {&out.incentive, &out.dividends, &out.consensus, &out.validator_trust, &out.stake_weight})
      v->resize(regs);
    if (all) {
      out.active = c.active;
      out.emission = std::move(emission);
      out.validator_permit = f.new_permits;
    } else {
      out.active.resize(regs);
      out.emission.resize(regs);
      out.validator_permit.resize(regs);
    }
    auto reg = in.registered.begin();
    auto permits = f.new_permits.begin();
    for (std::size_t i = 0; i < n; ++i, ++reg, ++permits) {
      if (!*reg) continue;
      out.incentive[k] = to_u16(f.incentive[i]);
      out.dividends[k] = to_u16(f.dividends[i]);
      out.consensus[k] = to_u16(f.consensus[i]);
      out.validator_trust[k] = to_u16(f.validator_trust[i]);
      out.stake_weight[k] = to_u16(f.stake[i]);
      const bool permit = *permits;
      if (!all) {
        out.active[k] = i < c.active.size() && c.active[i];
        out.emission[k] = emission[i];
        out.validator_permit[k] = permit;
      }
      if (p.stake_output) out.stake[i] = f.total_stake[i].saturating_to_num<std::uint64_t>();
      out.bonds_written[k] = permit ? std::move(f.bond_rows[i]) : Row{};
      ++k;
    }
    out.bonds_written.resize(std::max(n, in.bonds.size()));
  } else {
    out.incentive = u16v(f.incentive);
    out.dividends = u16v(f.dividends);
    out.consensus = u16v(f.consensus);
    out.validator_trust = u16v(f.validator_trust);
    if (p.has_stake_weight) out.stake_weight = u16v(f.stake);
    if (p.ranks_trust_pruning) {
      out.rank = u16v(f.ranks);
      out.trust = u16v(f.trust);
      out.pruning_scores = wrap ? spec143::vec_max_upscale_to_u16(nce) : vec_max_upscale_to_u16(nce);
    }
    out.active = c.active;
    out.emission = std::move(emission);
    out.validator_permit = f.new_permits;
    out.bonds_written.assign(std::max(n, in.bonds.size()), std::nullopt);
    std::size_t rows = n;
    if (p.bonds_write_zip_old_permits) rows = std::min(rows, f.old_permits.size());
    for (std::size_t i = 0; i < rows; ++i) {
      if (f.new_permits[i]) {
        out.bonds_written[i] = std::move(f.bond_rows[i]);
      } else if (i < f.old_permits.size() && f.old_permits[i]) {
        out.bonds_written[i] = Row{};
      }
    }
  }
  // post-state: each row is the written one, else the stored one (absent rows stay absent).
  out.post_state_bonds.assign(std::max(in.bonds.size(), out.bonds_written.size()), std::nullopt);
  for (std::size_t i = 0; i < out.post_state_bonds.size(); ++i) {
    if (i < out.bonds_written.size() && out.bonds_written[i]) {
      out.post_state_bonds[i] = copy_row(*out.bonds_written[i]);
    } else if (bonds_row_stored(in, i)) {
      out.post_state_bonds[i] = copy_row(in.bonds[i]);
    }
  }
  out.post_state_validator_permit = out.validator_permit;
  return out;
}

}  // namespace bt::yuma::detail
