// SPDX-License-Identifier: MIT
// The spec_version 143 sparse epoch (subtensor bf3e754f pallets/subtensor/src/epoch.rs `epoch`),
// line by line with the 2024 math helpers (math_spec143.hpp: plain, wrapping operators).
#include "yuma/epoch_sparse.hpp"
#include "yuma/math_spec143.hpp"

namespace bt::yuma::detail {

EpochOutput epoch_spec143_sparse(const EpochInput& in, const Policy& p, const EpochOptions& opts) {
  namespace s143 = spec143;
  using math::col_clip_sparse;
  using math::is_topk;
  using math::mask_diag_sparse;
  using math::mask_rows_sparse;
  using math::row_sum_sparse;
  using math::vec_mask_sparse_matrix;
  EpochOutput holder;
  Tracer tr(opts.trace ? &holder.trace : nullptr, Variant::spec143, /*dense=*/false);
  const std::uint16_t n = in.n;
  const I32F32 zero = I32F32::zero();
  auto le = [](std::uint64_t a, std::uint64_t b) { return a <= b; };

  const Common c = compute_common(in, p);  // inactive: `updated + activity_cutoff < block` (wrapping)

  // stake_64[uid] = I64F64::from_num(TotalHotkeyStake) (wraps >= 2^63), normalised with `/`.
  std::vector<I64F64> stake_64(n, I64F64::zero());
  for (std::size_t i = 0; i < n; ++i)
    if (in.registered[i])
      stake_64[i] = I64F64::from_bits(static_cast<fixed::i128>(static_cast<fixed::u128>(in.stake[i]) << 64));
  std::vector<I64F64> total = stake_64;
  s143::inplace_normalize_64(stake_64);
  std::vector<I32F32> stake(n);
  for (std::size_t i = 0; i < n; ++i) stake[i] = s143::fixed64_to_fixed32(stake_64[i]);
  tr.vec("Normalised Stake", stake);

  const std::vector<bool>& validator_permits = in.validator_permit;  // validated: n entries
  std::vector<bool> validator_forbids(validator_permits.size());
  for (std::size_t i = 0; i < validator_permits.size(); ++i) validator_forbids[i] = !validator_permits[i];
  std::vector<bool> new_validator_permits = is_topk(stake, in.max_allowed_validators);

  std::vector<I32F32> active_stake = stake;
  math::inplace_mask_vector(c.inactive, active_stake);
  math::inplace_mask_vector(validator_forbids, active_stake);
  s143::inplace_normalize(active_stake);
  tr.vec("Active Stake", active_stake);

  SparseMatrix weights = get_weights_sparse(in);
  weights = mask_rows_sparse(validator_forbids, weights);
  weights = mask_diag_sparse(weights);
  weights = vec_mask_sparse_matrix(weights, c.last_update, c.block_at_registration, le);
  s143::inplace_row_normalize_sparse(weights);

  const std::vector<I32F32> preranks = s143::matmul_sparse(weights, active_stake, n);
  const I32F32 kappa = I32F32::saturating_from_num(in.kappa).wrapping_div(I32F32::saturating_from_num(65535));
  std::vector<I32F32> consensus = s143::weighted_median_col_sparse(active_stake, weights, n, kappa);
  tr.vec("Consensus", consensus);
  weights = col_clip_sparse(weights, consensus);
  std::vector<I32F32> validator_trust = row_sum_sparse(weights);
  tr.vec("Validator Trust", validator_trust);

  std::vector<I32F32> ranks = s143::matmul_sparse(weights, active_stake, n);
  std::vector<I32F32> trust = s143::vecdiv(ranks, preranks);
  tr.vec("T", trust);
  s143::inplace_normalize(ranks);
  std::vector<I32F32> incentive = ranks;
  tr.vec("Incentive (=Rank)", incentive);

  SparseMatrix bonds = get_bonds_sparse(in, /*proportion=*/false);
  bonds = vec_mask_sparse_matrix(bonds, c.last_update, c.block_at_registration, le);
  s143::inplace_col_normalize_sparse(bonds, n);
  SparseMatrix bonds_delta = s143::row_hadamard_sparse(weights, active_stake);
  s143::inplace_col_normalize_sparse(bonds_delta, n);
  // alpha = I32F32::from_num(1) - I32F32::from_num(I64F64::from_num(bma) / I64F64::from_num(1e6))
  const I64F64 bma =
      I64F64::from_bits(static_cast<fixed::i128>(static_cast<fixed::u128>(in.bonds_moving_average) << 64));
  const I32F32 alpha = I32F32::one().wrapping_sub(
      I32F32::wrapping_from_fixed(bma.wrapping_div(I64F64::saturating_from_num(1000000))));
  SparseMatrix ema_bonds = s143::mat_ema_sparse(bonds_delta, bonds, alpha);
  s143::inplace_col_normalize_sparse(ema_bonds, n);
  std::vector<I32F32> dividends = s143::matmul_transpose_sparse(ema_bonds, incentive);
  s143::inplace_normalize(dividends);
  tr.vec("Dividends", dividends);
  s143::inplace_col_max_upscale_sparse(ema_bonds, n);

  std::vector<Row> bond_rows(n);
  for (std::size_t i = 0; i < n && i < ema_bonds.rows(); ++i) {
    Row r;
    for (const auto& e : ema_bonds.row(i)) r.emplace_back(e.col, s143::fixed_proportion_to_u16(e.val));
    bond_rows[i] = std::move(r);
  }

  Finals f;
  f.stake = stake;
  f.active_stake = std::move(active_stake);
  f.incentive = std::move(incentive);
  f.dividends = std::move(dividends);
  f.dividends.resize(n, zero);
  f.consensus = std::move(consensus);
  f.validator_trust = std::move(validator_trust);
  f.ranks = f.incentive;
  f.trust = std::move(trust);
  f.new_permits = std::move(new_validator_permits);
  f.old_permits = validator_permits;
  f.total_stake = std::move(total);
  f.bond_rows = std::move(bond_rows);
  EpochOutput out = finish_epoch(in, p, c, f, tr, !tr.on() && !opts.stepwise);
  out.trace = std::move(holder.trace);
  return out;
}

}  // namespace bt::yuma::detail

namespace bt::yuma::detail {

// The spec_version 143 dense twin (epoch.rs `epoch_dense`, 2024), with the 2024 dense helpers.
EpochOutput epoch_spec143_dense(const EpochInput& in, const Policy& p, const EpochOptions& opts) {
  namespace s143 = spec143;
  EpochOutput holder;
  Tracer tr(opts.trace ? &holder.trace : nullptr, Variant::spec143, /*dense=*/true);
  const std::uint16_t n = in.n;
  const I32F32 zero = I32F32::zero();
  const Common c = compute_common(in, p);
  std::vector<std::vector<bool>> outdated(n, std::vector<bool>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) outdated[i][j] = c.last_update[i] <= c.block_at_registration[j];

  std::vector<I64F64> stake_64(n, I64F64::zero());
  for (std::size_t i = 0; i < n; ++i)
    if (in.registered[i])
      stake_64[i] = I64F64::from_bits(static_cast<fixed::i128>(static_cast<fixed::u128>(in.stake[i]) << 64));
  std::vector<I64F64> total = stake_64;
  s143::inplace_normalize_64(stake_64);
  std::vector<I32F32> stake(n);
  for (std::size_t i = 0; i < n; ++i) stake[i] = s143::fixed64_to_fixed32(stake_64[i]);
  tr.vec("Normalised Stake", stake);

  const std::vector<bool>& validator_permits = in.validator_permit;
  std::vector<bool> validator_forbids(validator_permits.size());
  for (std::size_t i = 0; i < validator_permits.size(); ++i) validator_forbids[i] = !validator_permits[i];
  std::vector<bool> new_validator_permits = math::is_topk(stake, in.max_allowed_validators);

  std::vector<I32F32> active_stake = stake;
  math::inplace_mask_vector(c.inactive, active_stake);
  math::inplace_mask_vector(validator_forbids, active_stake);
  s143::inplace_normalize(active_stake);
  tr.vec("Active Stake", active_stake);

  DenseMatrix weights = get_weights(in);
  tr.dense("W", weights);  // logged before masking in the 2024 code
  math::inplace_mask_rows(validator_forbids, weights);
  math::inplace_mask_diag(weights);
  math::inplace_mask_matrix(outdated, weights);
  s143::inplace_row_normalize(weights);

  const std::vector<I32F32> preranks = s143::matmul(weights, active_stake);
  const I32F32 kappa = I32F32::saturating_from_num(in.kappa).wrapping_div(I32F32::saturating_from_num(65535));
  std::vector<I32F32> consensus = s143::weighted_median_col(active_stake, weights, kappa);
  math::inplace_col_clip(weights, consensus);
  std::vector<I32F32> validator_trust = s143::row_sum(weights);
  std::vector<I32F32> ranks = s143::matmul(weights, active_stake);
  std::vector<I32F32> trust = s143::vecdiv(ranks, preranks);
  s143::inplace_normalize(ranks);
  std::vector<I32F32> incentive = ranks;
  tr.vec("Incentive (=Rank)", incentive);

  DenseMatrix bonds = get_bonds(in, /*proportion=*/false);
  math::inplace_mask_matrix(outdated, bonds);
  s143::inplace_col_normalize(bonds);
  DenseMatrix bonds_delta = s143::row_hadamard(weights, active_stake);
  s143::inplace_col_normalize(bonds_delta);
  const I64F64 bma =
      I64F64::from_bits(static_cast<fixed::i128>(static_cast<fixed::u128>(in.bonds_moving_average) << 64));
  const I32F32 alpha = I32F32::one().wrapping_sub(
      I32F32::wrapping_from_fixed(bma.wrapping_div(I64F64::saturating_from_num(1000000))));
  DenseMatrix ema_bonds = s143::mat_ema(bonds_delta, bonds, alpha);
  s143::inplace_col_normalize(ema_bonds);
  std::vector<I32F32> dividends = s143::matmul_transpose(ema_bonds, incentive);
  s143::inplace_normalize(dividends);
  tr.vec("Dividends", dividends);
  s143::inplace_col_max_upscale(ema_bonds);

  std::vector<Row> bond_rows(n);
  for (std::size_t i = 0; i < n && i < ema_bonds.size(); ++i) {
    Row r;
    for (std::size_t j = 0; j < n && j < ema_bonds[i].size(); ++j)
      r.emplace_back(static_cast<std::uint16_t>(j), s143::fixed_proportion_to_u16(ema_bonds[i][j]));
    bond_rows[i] = std::move(r);
  }

  Finals f;
  f.stake = stake;
  f.active_stake = std::move(active_stake);
  f.incentive = std::move(incentive);
  f.dividends = std::move(dividends);
  f.dividends.resize(n, zero);
  f.consensus = std::move(consensus);
  f.consensus.resize(n, zero);
  f.validator_trust = std::move(validator_trust);
  f.validator_trust.resize(n, zero);
  f.ranks = f.incentive;
  f.ranks.resize(n, zero);
  f.trust = std::move(trust);
  f.new_permits = std::move(new_validator_permits);
  f.old_permits = validator_permits;
  f.total_stake = std::move(total);
  f.bond_rows = std::move(bond_rows);
  EpochOutput out = finish_epoch(in, p, c, f, tr, !tr.on() && !opts.stepwise);
  out.trace = std::move(holder.trace);
  return out;
}

}  // namespace bt::yuma::detail
