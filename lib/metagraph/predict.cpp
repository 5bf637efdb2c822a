// SPDX-License-Identifier: MIT
#include <bt/client/typed.hpp>
#include <bt/metagraph/predict.hpp>
#include <bt/scale/types.hpp>

#include <map>
#include <sstream>

namespace bt::metagraph {

std::optional<std::uint64_t> next_epoch_block(std::uint16_t netuid, std::uint16_t tempo,
                                              std::uint64_t after) {
  if (tempo == 0) return std::nullopt;
  // blocks_until_next_epoch(netuid, tempo, E) = tempo - (E + netuid + 1) % (tempo + 1) == 0
  const std::uint64_t period = static_cast<std::uint64_t>(tempo) + 1;
  const std::uint64_t e = after + 1;
  const std::uint64_t phase = (e + netuid + 1) % period;
  return e + (tempo + period - phase) % period;
}

std::optional<std::uint64_t> next_epoch_block(const Snapshot& s) {
  return next_epoch_block(s.netuid, s.hp.tempo, s.block);
}

Result<std::uint64_t> next_epoch_block(client::Client& client, std::uint16_t netuid) {
  BT_TRY(auto head, client.header());
  BT_TRY(auto at, client.block_hash(head.number));
  const metadata::Value key[] = {metadata::Value::u(netuid)};
  BT_TRY(auto tempo, client::storage_value(client, "SubtensorModule", "Tempo", key, at));
  if (!tempo) return fail(MetagraphError::missing_item, "Tempo[" + std::to_string(netuid) + "]: absent");
  BT_TRY(std::uint64_t t, tempo->to_u64());
  auto e = next_epoch_block(netuid, static_cast<std::uint16_t>(t), head.number);
  if (!e)
    return fail(MetagraphError::invalid_argument, "Tempo[" + std::to_string(netuid) + "] is 0: no epochs");
  return *e;
}

std::uint64_t queued_emission(const Hyperparameters& hp) {
  // I96F32 arithmetic (bits = value * 2^32), truncating like substrate-fixed:
  //   cut = e * cut16 / 65535;  queued = floor(e - cut)
  using scale::u128;
  const u128 e_bits = static_cast<u128>(hp.emission_value) << 32;
  if (!hp.owner) return hp.emission_value;
  const u128 prod_bits = static_cast<u128>(hp.emission_value) * hp.subnet_owner_cut << 32;  // exact, < 2^112
  // saturating_div: (prod_bits << 32) / (65535 << 32) == prod_bits / 65535 (floor), < 2^96
  const u128 cut_bits = prod_bits / 65535;
  return static_cast<std::uint64_t>((e_bits - cut_bits) >> 32);
}

Result<yuma::EpochInput> epoch_input(const Snapshot& s, std::uint64_t epoch_block) {
  if (epoch_block <= s.block)
    return fail(MetagraphError::invalid_argument, "epoch block " + std::to_string(epoch_block) +
                                                      " is not after the snapshot's block " +
                                                      std::to_string(s.block));
  if (s.generation == Generation::head)
    return fail(MetagraphError::unsupported_generation, std::string("epoch inputs of generation ") +
                                                            to_string(s.generation) +
                                                            " are not derived by this build");
  yuma::EpochInput in;
  in.netuid = s.netuid;
  in.n = s.n;
  in.current_block = epoch_block;
  if (s.generation == Generation::feb2025) {
    // drain_pending_emission: epoch(netuid, PendingEmission + PendingAlphaSwapped) at block E, after
    // block E's coinbase added its share; only what has accumulated up to s.block is known here.
    const std::uint64_t e = s.hp.pending_emission + s.hp.pending_alpha_swapped;
    in.rao_emission = e < s.hp.pending_emission ? ~std::uint64_t{0} : e;  // saturating_add
    in.activity_cutoff = s.hp.activity_cutoff;
    in.registered = s.registered;
    in.last_update = s.last_update;
    in.block_at_registration = s.block_at_registration;
    in.alpha_stake = s.alpha_stake;
    in.tao_stake = s.tao_stake;
    in.tao_weight = s.hp.tao_weight;
    in.validator_permit = s.validator_permit;
    in.max_allowed_validators = s.hp.max_allowed_validators;
    in.weights = s.weights;
    in.weights_stored = s.weights_stored;
    in.bonds = s.bonds;
    in.bonds_stored = s.bonds_stored;
    in.kappa = s.hp.kappa;
    in.rho = s.hp.rho;
    in.bonds_penalty = s.hp.bonds_penalty;
    in.bonds_moving_average = s.hp.bonds_moving_average;
    in.liquid_alpha_enabled = s.hp.liquid_alpha_enabled;
    in.alpha_low = s.hp.alpha_low;
    in.alpha_high = s.hp.alpha_high;
    in.commit_reveal_enabled = s.hp.commit_reveal_enabled;
    return in;
  }
  // PendingEmission gains the queued emission at every block up to and including E.
  const std::uint64_t blocks = epoch_block - s.block;
  const std::uint64_t q = queued_emission(s.hp);
  in.rao_emission = s.hp.pending_emission + q * blocks;  // u64 wrapping like the runtime's `+=`
  in.activity_cutoff = s.hp.activity_cutoff;
  in.registered = s.registered;
  in.last_update = s.last_update;
  in.block_at_registration = s.block_at_registration;
  in.stake = s.stake;
  // LoadedEmission tuples of the snapshot are drained into the hotkeys' stake at s.block + 1
  // (emit_inflation_through_hotkey_account adds server + validator to TotalHotkeyStake).
  if (s.has_loaded_emission && epoch_block > s.block + 1) {
    for (std::size_t u = 0; u < s.loaded_emission.size() && u < in.stake.size(); ++u)
      if (s.loaded_emission[u]) in.stake[u] += s.loaded_emission[u]->first + s.loaded_emission[u]->second;
  }
  in.validator_permit = s.validator_permit;
  in.max_allowed_validators = s.hp.max_allowed_validators;
  in.weights = s.weights;
  in.weights_stored = s.weights_stored;
  in.bonds = s.bonds;
  in.bonds_stored = s.bonds_stored;
  in.kappa = s.hp.kappa;
  in.rho = s.hp.rho;
  in.bonds_moving_average = s.hp.bonds_moving_average;
  return in;
}

Result<Prediction> predict_epoch(const Snapshot& s) {
  auto e = next_epoch_block(s);
  if (!e)
    return fail(MetagraphError::invalid_argument, "Tempo[" + std::to_string(s.netuid) + "] is 0: no epochs");
  if (s.generation == Generation::feb2025 && !s.hp.has_bonds_penalty)
    return fail(MetagraphError::unsupported_generation,
                "spec_version " + std::to_string(s.spec_version) +
                    ": a dTAO runtime without BondsPenalty (pre-launch, e.g. raonet spec 218 whose dev build "
                    "runs epoch_mock); its epoch is not the feb2025 epoch (epoch_input() still builds the "
                    "stake inputs)");
  Prediction p;
  p.generation = s.generation;
  p.netuid = s.netuid;
  p.snapshot_block = s.block;
  p.epoch_block = *e;
  // feb2025: block E's coinbase adds emission this build does not model (see epoch_input).
  p.exact = (s.block + 1 == *e) && s.generation == Generation::spec143;
  p.emission_exact = s.generation == Generation::spec143;
  BT_TRY(p.input, epoch_input(s, *e));
  BT_TRY(p.output, yuma::run_epoch(p.input, variant_of(s.generation), yuma::Path::sparse));
  return p;
}

std::string to_string(const Difference& d) {
  std::string out = d.field;
  if (d.uid) {
    out += '[';
    out += std::to_string(*d.uid);
    out += ']';
  }
  out += ": predicted ";
  out += d.predicted;
  out += ", chain ";
  out += d.chain;
  return out;
}

namespace {

std::string row_text(const yuma::Row& r) {
  std::string s = "[";
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (i) s += ",";
    s += '[';
    s += std::to_string(r[i].first);
    s += ',';
    s += std::to_string(r[i].second);
    s += ']';
  }
  return s + "]";
}

template <class T>
std::string text(const T& v) {
  if constexpr (std::is_same_v<T, bool>)
    return v ? "true" : "false";
  else
    return std::to_string(v);
}

template <class V>
void compare_vec(std::vector<Difference>& out, const char* field, const V& predicted, const V& chain) {
  if (predicted.size() != chain.size()) {
    out.push_back({std::string(field) + ".length", std::nullopt, std::to_string(predicted.size()),
                   std::to_string(chain.size())});
  }
  const std::size_t m = std::min(predicted.size(), chain.size());
  for (std::size_t i = 0; i < m; ++i)
    if (predicted[i] != chain[i])
      out.push_back({field, static_cast<std::uint32_t>(i), text<typename V::value_type>(predicted[i]),
                     text<typename V::value_type>(chain[i])});
}

}  // namespace

Result<std::vector<Difference>> compare(const Prediction& p, const Snapshot& at) {
  if (at.netuid != p.netuid || at.block != p.epoch_block)
    return fail(MetagraphError::invalid_argument, "compare needs subnet " + std::to_string(p.netuid) +
                                                      " at block " + std::to_string(p.epoch_block) +
                                                      ", got subnet " + std::to_string(at.netuid) +
                                                      " at block " + std::to_string(at.block));
  std::vector<Difference> d;
  const auto& o = p.output;
  if (at.n != p.input.n) d.push_back({"n", std::nullopt, std::to_string(p.input.n), std::to_string(at.n)});
  compare_vec(d, "rank", o.rank, at.rank);
  compare_vec(d, "trust", o.trust, at.trust);
  compare_vec(d, "consensus", o.consensus, at.consensus);
  compare_vec(d, "incentive", o.incentive, at.incentive);
  compare_vec(d, "dividends", o.dividends, at.dividends);
  compare_vec(d, "emission", o.emission, at.emission);
  compare_vec(d, "validator_trust", o.validator_trust, at.validator_trust);
  compare_vec(d, "pruning_scores", o.pruning_scores, at.pruning_scores);
  compare_vec(d, "active", o.active, at.active);
  compare_vec(d, "validator_permit", o.post_state_validator_permit, at.validator_permit);
  // Bonds: every row (a missing row = empty).
  const std::size_t rows = std::max(o.post_state_bonds.size(), at.bonds.size());
  for (std::size_t i = 0; i < rows; ++i) {
    static const yuma::Row empty;
    const yuma::Row& a =
        i < o.post_state_bonds.size() && o.post_state_bonds[i] ? *o.post_state_bonds[i] : empty;
    const yuma::Row& b = i < at.bonds.size() ? at.bonds[i] : empty;
    if (a != b) d.push_back({"bonds", static_cast<std::uint32_t>(i), row_text(a), row_text(b)});
  }
  // LoadedEmission: the (server, validator) tuple of every registered uid (spec143; the dTAO runtimes
  // pay out at once instead).
  if (p.generation != Generation::spec143) {
  } else if (!at.has_loaded_emission) {
    d.push_back({"loaded_emission", std::nullopt, "tuples", "no LoadedEmission entry"});
  } else {
    for (std::size_t u = 0; u < o.server_emission.size(); ++u) {
      std::string cs = "none", cv = "none", pss = "none", pvs = "none";
      if (u < at.loaded_emission.size() && at.loaded_emission[u]) {
        cs = std::to_string(at.loaded_emission[u]->first);
        cv = std::to_string(at.loaded_emission[u]->second);
      }
      if (o.server_emission[u]) pss = std::to_string(*o.server_emission[u]);
      if (u < o.validator_emission.size() && o.validator_emission[u])
        pvs = std::to_string(*o.validator_emission[u]);
      if (pss != cs) d.push_back({"loaded_emission.server", static_cast<std::uint32_t>(u), pss, cs});
      if (pvs != cv) d.push_back({"loaded_emission.validator", static_cast<std::uint32_t>(u), pvs, cv});
    }
  }
  if (at.hp.pending_alpha_swapped != 0)
    d.push_back({"pending_alpha_swapped", std::nullopt, "0", std::to_string(at.hp.pending_alpha_swapped)});
  if (at.hp.pending_emission != 0)
    d.push_back({"pending_emission", std::nullopt, "0", std::to_string(at.hp.pending_emission)});
  if (at.hp.last_mechanism_step_block != p.epoch_block)
    d.push_back({"last_mechanism_step_block", std::nullopt, std::to_string(p.epoch_block),
                 std::to_string(at.hp.last_mechanism_step_block)});
  return d;
}

}  // namespace bt::metagraph
