// SPDX-License-Identifier: MIT
// Private: pieces shared by the sparse and dense epochs of every variant.
#pragma once

#include <bt/fixed/fixed.hpp>
#include <bt/yuma/epoch.hpp>
#include <bt/yuma/math.hpp>
#include <string>
#include <vector>

namespace bt::yuma::detail {

using fixed::I32F32;
using fixed::I64F64;
using fixed::I96F32;
using math::DenseMatrix;
using math::SparseMatrix;

// ---- Policy: every place where the runtime generations (and the sparse / dense twins) differ is
// one flag here. policy_for() is one table with a row per (variant, path) and every flag spelled
// out, so a new runtime variant is a new row plus (rarely) a new branch.
struct Policy {
  Variant variant;
  Path path;
  // Activity cutoff: head ActivityCutoffFactorMilli*tempo/1000 (>= 1); older: ActivityCutoff.
  bool cutoff_from_factor;
  // head: stake below StakeThreshold is zeroed before normalising.
  bool stake_threshold;
  // head sparse: the subnet owner is exempt from the threshold, gets a permit, keeps its
  // self-weight (the dense twin has none of the three).
  bool owner_exemptions;
  // head: is_topk_nonzero; older: is_topk (zero stake may get a permit).
  bool topk_nonzero;
  // head: commit-reveal column mask.
  bool commit_reveal;
  // feb2025/spec143: preranks, trust, rank, pruning scores outputs.
  bool ranks_trust_pruning;
  // head/feb2025: weights_for_bonds = interpolate(W, clipped W, bonds_penalty); spec143: clipped W.
  bool bonds_penalty;
  // head: bonds masked by last_tempo (scalar); older: per-row last_update like weights.
  bool bond_mask_last_tempo;
  // head: Yuma3On selects Yuma3 bonds (sigmoid liquid alpha only there); feb2025: quantile liquid
  // alpha on Yuma2 bonds; spec143: no liquid alpha.
  bool yuma3_available;
  bool quantile_liquid_alpha;
  // spec143: plain `+ * /` and to_num/from_num wrap (release build) where later code saturates.
  bool wrapping_arith;
  // head sparse: outputs are EpochTerms of registered uids (compacted storage vectors, bonds
  // written at the position in the uid-sorted term list); else n-long vectors, bonds per uid.
  bool terms_storage;
  // feb2025 and the head/feb2025 dense twins: bonds rows are written by zip(new_permits,
  // old_permits, ema) (stops at the shortest).
  bool bonds_write_zip_old_permits;
  // Output fields: stake_weight (head, feb2025); stake = EpochTerms.stake (head sparse).
  bool has_stake_weight;
  bool stake_output;
};

Policy policy_for(Variant v, Path path) noexcept;

// Optional recorder of intermediate values (EpochOptions::trace).
class Tracer {
 public:
  explicit Tracer(std::vector<TraceEntry>* sink) : sink_(sink) {}
  // Labels as the given runtime/path logs them (spec143 and the dense paths use short names).
  Tracer(std::vector<TraceEntry>* sink, Variant v, bool dense) : sink_(sink), variant_(v), dense_(dense) {}
  bool on() const noexcept { return sink_ != nullptr; }
  void vec(const char* label, const std::vector<I32F32>& v);
  void vec64(const char* label, const std::vector<I64F64>& v);
  void sparse(const char* label, const SparseMatrix& m);
  void dense(const char* label, const DenseMatrix& m);

 private:
  const char* alias(const char* label) const noexcept;
  std::vector<TraceEntry>* sink_;
  Variant variant_ = Variant::head;
  bool dense_ = false;
};

// Values every variant derives from the input the same way.
struct Common {
  std::uint16_t n = 0;
  std::vector<bool> active, inactive;
  std::vector<std::uint64_t> last_update;            // padded (head) to n
  std::vector<std::uint64_t> block_at_registration;  // 0 for uids without hotkey
  std::uint64_t activity_cutoff = 0;
};
Common compute_common(const EpochInput& in, const Policy& p);

// Stake per variant: total (I64F64, unfiltered) and normalised I32F32 stake (after the head
// threshold filter). Trace "Filtered stake" / "Normalised Stake".
struct StakeResult {
  std::vector<I64F64> total;
  std::vector<I32F32> stake;
};
// With `plain` (no trace, not EpochOptions::stepwise) the normalisation and the TAO product take
// exact plain forms where the values allow (the same results; the literal run checks them).
StakeResult compute_stake(const EpochInput& in, const Policy& p, Tracer& tr, bool plain);

// Storage reads.
SparseMatrix get_weights_sparse(const EpochInput& in);                 // i < n, j < n, I32F32(u16)
SparseMatrix get_bonds_sparse(const EpochInput& in, bool proportion);  // i < n, all j
DenseMatrix get_weights(const EpochInput& in);
DenseMatrix get_bonds(const EpochInput& in, bool proportion);

std::vector<std::uint64_t> commit_blocks(const EpochInput& in);

I32F32 u16_prop(std::uint16_t v) noexcept;
I32F32 ema_alpha_normal(std::uint64_t bma) noexcept;       // 1 - I32F32::saturating(bma/1e6)
I32F32 ema_alpha_disabled_la(std::uint64_t bma) noexcept;  // Yuma3: 1 - I32F32::from_num(bma/1e6)
std::uint64_t last_tempo(const EpochInput& in) noexcept;

// Feb-2025 per-column liquid alpha (calculate_logistic_params + compute_alpha_values + clamp);
// returns false when the epoch falls back to the normal alpha.
bool feb2025_liquid_alphas(const EpochInput& in, const std::vector<I32F32>& consensus,
                           std::vector<I32F32>* alpha_clamped, Tracer& tr);

// The final, variant-independent part: emission vectors and storage outputs.
struct Finals {
  std::vector<I32F32> stake, active_stake, incentive, dividends, consensus, validator_trust;
  std::vector<I32F32> ranks, trust;  // older variants
  std::vector<bool> new_permits, old_permits;
  std::vector<I64F64> total_stake;
  // Bond rows to store (already converted to the stored representation), one per uid (< n).
  std::vector<Row> bond_rows;
};
// With `plain` the emission and u16 conversions of values in [0, 1] take one multiply each (the
// same results; the literal run checks them).
EpochOutput finish_epoch(const EpochInput& in, const Policy& p, const Common& c, Finals& f, Tracer& tr,
                         bool plain);

Row to_u16_row(std::span<const math::SparseEntry> row);

}  // namespace bt::yuma::detail
