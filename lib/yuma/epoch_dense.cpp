// SPDX-License-Identifier: MIT
// The dense epoch twin (test-only in subtensor): run_epoch.rs `epoch_dense_mechanism` (head) and
// `epoch_dense` (feb2025); spec143's 2024 `epoch_dense` is in epoch_spec143.cpp. Differences from the sparse
// path are listed in docs/yuma-epoch.md section 6.
#include <algorithm>

#include "yuma/epoch_sparse.hpp"

namespace bt::yuma::detail {

using namespace bt::yuma::math;

namespace {
const I32F32 kZero = I32F32::zero();

std::vector<I32F32> normalize_copy(std::vector<I32F32> v, bool wrap) {
  if (wrap) {
    const I32F32 s = sum(v);
    if (s != kZero)
      for (auto& x : v) x = x.wrapping_div(s);
  } else {
    inplace_normalize(v);
  }
  return v;
}
}  // namespace

EpochOutput epoch_dense(const EpochInput& in, const Policy& p, const EpochOptions& opts) {
  EpochOutput holder;
  Tracer tr(opts.trace ? &holder.trace : nullptr, p.variant, /*dense=*/true);
  const std::uint16_t n = in.n;
  const Common c = compute_common(in, p);

  // Outdated mask (dense bool matrix): last_update[i] <= block_at_registration[j].
  std::vector<std::vector<bool>> outdated(c.last_update.size(), std::vector<bool>(n));
  for (std::size_t i = 0; i < c.last_update.size(); ++i)
    for (std::size_t j = 0; j < n; ++j) outdated[i][j] = c.last_update[i] <= c.block_at_registration[j];

  // Stake: the dense head path filters by threshold WITHOUT the owner exemption (policy row).
  StakeResult st = compute_stake(in, p, tr, !tr.on() && !opts.stepwise);
  const std::vector<I32F32>& stake = st.stake;

  const std::vector<bool> permits = in.validator_permit;  // no owner forcing on the dense path
  std::vector<bool> forbids(permits.size());
  for (std::size_t i = 0; i < permits.size(); ++i) forbids[i] = !permits[i];
  const std::vector<bool> new_permits = p.topk_nonzero ? is_topk_nonzero(stake, in.max_allowed_validators)
                                                       : is_topk(stake, in.max_allowed_validators);

  std::vector<I32F32> active_stake = stake;
  inplace_mask_vector(c.inactive, active_stake);
  inplace_mask_vector(forbids, active_stake);
  active_stake = normalize_copy(std::move(active_stake), p.wrapping_arith);
  tr.vec("Active Stake", active_stake);

  DenseMatrix weights = get_weights(in);
  tr.dense("W", weights);
  inplace_mask_rows(forbids, weights);
  tr.dense("W (permit)", weights);
  // head's dense twin masks the diagonal except the owner's entry and then the whole diagonal
  // again: net, the whole diagonal, as in the older variants.
  inplace_mask_diag(weights);
  tr.dense("W (permit+diag)", weights);
  inplace_mask_matrix(outdated, weights);
  tr.dense("W (permit+diag+outdate)", weights);
  inplace_row_normalize(weights);
  tr.dense("W (mask+norm)", weights);

  std::vector<I32F32> preranks;
  if (p.ranks_trust_pruning) preranks = matmul(weights, active_stake);
  const I32F32 kappa = u16_prop(in.kappa);
  std::vector<I32F32> consensus = weighted_median_col(active_stake, weights, kappa);
  DenseMatrix clipped = weights;
  inplace_col_clip(clipped, consensus);
  std::vector<I32F32> validator_trust = row_sum(clipped);
  std::vector<I32F32> ranks = matmul(clipped, active_stake);
  std::vector<I32F32> trust;
  if (p.ranks_trust_pruning) trust = vecdiv(ranks, preranks);
  ranks = normalize_copy(std::move(ranks), p.wrapping_arith);
  std::vector<I32F32> incentive = ranks;
  tr.vec("Incentive (=Rank)", incentive);

  DenseMatrix wfb = p.bonds_penalty ? interpolate(weights, clipped, u16_prop(in.bonds_penalty)) : clipped;

  std::vector<I32F32> dividends;
  DenseMatrix ema;
  const bool any_nonzero =
      std::any_of(consensus.begin(), consensus.end(), [](I32F32 x) { return x != kZero; });
  std::vector<bool> recently_registered(n);
  const std::uint64_t lt = last_tempo(in);
  for (std::size_t j = 0; j < n; ++j) recently_registered[j] = lt <= c.block_at_registration[j];
  if (p.yuma3_available && in.yuma3_enabled) {
    DenseMatrix bonds = get_bonds(in, /*proportion=*/true);
    inplace_mask_cols(recently_registered, bonds);
    tr.dense("B", bonds);
    if (in.liquid_alpha_enabled && !consensus.empty() && any_nonzero) {
      // compute_liquid_alpha_values (dense): every (i, j) pair.
      const I32F32 steep = I32F32::saturating_from_num(in.alpha_sigmoid_steepness);
      const I32F32 lo = u16_prop(in.alpha_low), hi = u16_prop(in.alpha_high);
      DenseMatrix alphas;
      if (wfb.size() == bonds.size()) {
        for (std::size_t i = 0; i < wfb.size(); ++i) {
          std::vector<I32F32> row;
          const std::size_t m = std::min({wfb[i].size(), bonds[i].size(), consensus.size()});
          for (std::size_t j = 0; j < m; ++j)
            row.push_back(alpha_sigmoid(consensus[j], wfb[i][j], bonds[i][j], lo, hi, steep));
          alphas.push_back(std::move(row));
        }
      }
      tr.dense("alphas", alphas);
      ema = mat_ema_alpha(wfb, bonds, alphas);
    } else {
      ema = mat_ema(wfb, bonds, ema_alpha_disabled_la(in.bonds_moving_average));
    }
    tr.dense("emaB", ema);
    DenseMatrix ema_norm = ema;
    inplace_col_normalize(ema_norm);
    tr.dense("emaB norm", ema_norm);
    const std::vector<I32F32> total = row_sum(mat_vec_mul(ema_norm, incentive));
    tr.vec("total_bonds_per_validator", total);
    dividends = vec_mul(total, active_stake);
    inplace_normalize(dividends);
    tr.vec("D", dividends);
  } else {
    DenseMatrix bonds = get_bonds(in, /*proportion=*/false);
    if (p.bond_mask_last_tempo) {
      inplace_mask_cols(recently_registered, bonds);
    } else {
      inplace_mask_matrix(outdated, bonds);
    }
    inplace_col_normalize(bonds);
    tr.dense("B", bonds);
    DenseMatrix delta = row_hadamard(wfb, active_stake);
    inplace_col_normalize(delta);
    tr.dense(
        "\xce\x94"
        "B",
        delta);
    bool done = false;
    if (p.quantile_liquid_alpha && in.liquid_alpha_enabled && !consensus.empty() && any_nonzero) {
      std::vector<I32F32> alpha;
      if (feb2025_liquid_alphas(in, consensus, &alpha, tr)) {
        ema = mat_ema_alpha_vec(delta, bonds, alpha);
        done = true;
      }
    }
    if (!done) {
      const I32F32 alpha = ema_alpha_normal(in.bonds_moving_average);
      ema = mat_ema(delta, bonds, alpha);
      tr.dense("Exponential Moving Average Bonds Normal", ema);
    }
    inplace_col_normalize(ema);
    tr.dense("emaB", ema);
    dividends = normalize_copy(matmul_transpose(ema, incentive), p.wrapping_arith);
    tr.vec(p.variant == Variant::head ? "Dividends" : "D", dividends);
    inplace_col_max_upscale(ema);
  }

  // Bond rows for new permits: all n columns (zeros included).
  std::vector<Row> bond_rows(n);
  for (std::size_t i = 0; i < n && i < ema.size(); ++i) {
    Row r;
    for (std::size_t j = 0; j < n && j < ema[i].size(); ++j)
      r.emplace_back(static_cast<std::uint16_t>(j), fixed_proportion_to_u16(ema[i][j]));
    bond_rows[i] = std::move(r);
  }

  Finals f;
  f.stake = stake;
  f.active_stake = std::move(active_stake);
  f.incentive = std::move(incentive);
  f.dividends = std::move(dividends);
  f.dividends.resize(n, kZero);
  f.consensus = std::move(consensus);
  f.consensus.resize(n, kZero);
  f.validator_trust = std::move(validator_trust);
  f.validator_trust.resize(n, kZero);
  f.ranks = f.incentive;
  f.trust = std::move(trust);
  f.new_permits = new_permits;
  f.old_permits = permits;
  f.total_stake = std::move(st.total);
  f.bond_rows = std::move(bond_rows);
  EpochOutput out = finish_epoch(in, p, c, f, tr, !tr.on() && !opts.stepwise);
  out.trace = std::move(holder.trace);
  return out;
}

}  // namespace bt::yuma::detail
