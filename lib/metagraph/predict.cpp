// SPDX-License-Identifier: MIT
#include <bt/client/typed.hpp>
#include <bt/metagraph/predict.hpp>
#include <bt/scale/types.hpp>

#include <algorithm>
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

namespace {
std::optional<std::uint64_t> next_epoch_block_head(const Hyperparameters& hp, std::uint64_t after) {
  // should_run_epoch (coinbase/run_coinbase.rs at 14bc6f9f) at block b > after, with BlocksSinceLastStep
  // incremented once per block before the check and no epoch in between:
  //   tempo != 0 and (PendingEpochAt > 0 and b >= PendingEpochAt, or BlocksSinceLastStep > MAX_TEMPO,
  //   or b - LastEpochBlock >= tempo)
  if (hp.tempo == 0) return std::nullopt;
  constexpr std::uint64_t kMaxTempo = 50'400;
  constexpr std::uint64_t kNever = ~std::uint64_t{0};
  const std::uint64_t first = after + 1;
  auto sat_add = [](std::uint64_t a, std::uint64_t b) { return a > kNever - b ? kNever : a + b; };
  std::uint64_t e = std::max(first, sat_add(hp.last_epoch_block, hp.tempo));
  if (hp.pending_epoch_at > 0) e = std::min(e, std::max(first, hp.pending_epoch_at));
  // BlocksSinceLastStep(after) + (b - after) > MAX_TEMPO
  const std::uint64_t need =
      hp.blocks_since_last_step > kMaxTempo ? 1 : kMaxTempo + 1 - hp.blocks_since_last_step;
  e = std::min(e, sat_add(after, need));
  return e;
}
}  // namespace

std::optional<std::uint64_t> next_epoch_block(const Snapshot& s) {
  if (s.generation == Generation::head) return next_epoch_block_head(s.hp, s.block);
  return next_epoch_block(s.netuid, s.hp.tempo, s.block);
}

Result<std::uint64_t> next_epoch_block(client::Client& client, std::uint16_t netuid) {
  BT_TRY(auto head, client.header());
  BT_TRY(auto at, client.block_hash(head.number));
  const metadata::Value key[] = {metadata::Value::u(netuid)};
  BT_TRY(auto tempo, client::storage_value(client, "SubtensorModule", "Tempo", key, at));
  if (!tempo) return fail(MetagraphError::missing_item, "Tempo[" + std::to_string(netuid) + "]: absent");
  BT_TRY(std::uint64_t t, tempo->to_u64());
  BT_TRY(auto md, client::decoded_metadata(client, at));
  if (md->storage_entry("SubtensorModule", "LastEpochBlock")) {
    // head: the stateful scheduler (LastEpochBlock, PendingEpochAt, BlocksSinceLastStep)
    Hyperparameters hp;
    hp.tempo = static_cast<std::uint16_t>(t);
    const std::pair<const char*, std::uint64_t*> items[] = {
        {"LastEpochBlock", &hp.last_epoch_block},
        {"PendingEpochAt", &hp.pending_epoch_at},
        {"BlocksSinceLastStep", &hp.blocks_since_last_step}};
    for (const auto& [item, out] : items) {
      BT_TRY(auto v, client::storage_value(client, "SubtensorModule", item, key, at));
      if (!v)
        return fail(MetagraphError::missing_item,
                    std::string(item) + "[" + std::to_string(netuid) + "]: absent");
      BT_TRY(*out, v->to_u64());
    }
    auto e = next_epoch_block_head(hp, head.number);
    if (!e)
      return fail(MetagraphError::invalid_argument, "Tempo[" + std::to_string(netuid) + "] is 0: no epochs");
    return *e;
  }
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

namespace {

std::uint64_t sat_add(std::uint64_t a, std::uint64_t b) {
  return a > ~std::uint64_t{0} - b ? ~std::uint64_t{0} : a + b;
}

// What distribute_emission hands to epoch_with_mechanisms: PendingServerEmission +
// PendingValidatorEmission + PendingRootAlphaDivs (saturating), as of the snapshot.
std::uint64_t head_emission(const Hyperparameters& hp) {
  return sat_add(sat_add(hp.pending_server_emission, hp.pending_validator_emission),
                 hp.pending_root_alpha_divs);
}

// The head epoch_mechanism input of the snapshot's chosen mechanism (see predict.hpp).
Result<yuma::EpochInput> head_input(const Snapshot& s, yuma::EpochInput in) {
  const auto& hp = s.hp;
  const std::uint64_t total = head_emission(hp);
  if (hp.mechanism_count <= 1) {
    in.rao_emission = total;
  } else {
    const auto split = yuma::split_emissions(total, hp.mechanism_count, hp.emission_split);
    in.rao_emission = s.mechanism < split.size() ? split[s.mechanism] : 0;
  }
  in.tempo = hp.tempo;
  in.activity_cutoff_factor_milli = hp.activity_cutoff_factor_milli;
  in.last_mechanism_step_block = hp.last_mechanism_step_block;  // written after the epoch, read before
  in.registered = s.registered;
  in.last_update = s.last_update;
  in.block_at_registration = s.block_at_registration;
  in.alpha_stake = s.alpha_stake;
  in.tao_stake = s.tao_stake;
  in.tao_weight = hp.tao_weight;
  in.stake_threshold = hp.stake_threshold;
  in.validator_permit = s.validator_permit;
  in.max_allowed_validators = hp.max_allowed_validators;
  in.owner_uid = hp.owner_uid;
  in.weights = s.weights;
  in.weights_stored = s.weights_stored;
  in.bonds = s.bonds;
  in.bonds_stored = s.bonds_stored;
  in.kappa = hp.kappa;
  in.rho = hp.rho;
  in.bonds_penalty = hp.bonds_penalty;
  in.bonds_moving_average = hp.bonds_moving_average;
  in.liquid_alpha_enabled = hp.liquid_alpha_enabled;
  in.alpha_low = hp.alpha_low;
  in.alpha_high = hp.alpha_high;
  in.alpha_sigmoid_steepness = hp.alpha_sigmoid_steepness;
  in.yuma3_enabled = hp.yuma3_enabled;
  in.commit_reveal_enabled = hp.commit_reveal_enabled;
  // is_commit_expired runs inside the epoch, after drain_pending advanced SubnetEpochIndex and reset the
  // schedule (should_run_epoch is then false): current_epoch_with_lookahead = SubnetEpochIndex(E-1) + 1.
  in.current_epoch_with_lookahead = sat_add(hp.subnet_epoch_index, 1);
  in.reveal_period = hp.reveal_period;
  in.weight_commits = s.weight_commits;
  in.timelocked_commits = s.timelocked_commits;
  return in;
}

}  // namespace

Result<yuma::EpochInput> epoch_input(const Snapshot& s, std::uint64_t epoch_block) {
  if (epoch_block <= s.block)
    return fail(MetagraphError::invalid_argument, "epoch block " + std::to_string(epoch_block) +
                                                      " is not after the snapshot's block " +
                                                      std::to_string(s.block));
  yuma::EpochInput in;
  in.netuid = s.netuid;
  in.n = s.n;
  in.current_block = epoch_block;
  if (s.generation == Generation::head) return head_input(s, std::move(in));
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
  if (s.generation == Generation::head) {
    // is_epoch_input_state_consistent: a hotkey under two uids makes the runtime skip the epoch.
    std::map<crypto::AccountId32, std::uint16_t> seen;
    for (std::uint16_t u = 0; u < s.n && u < s.hotkeys.size(); ++u)
      if (u < s.registered.size() && s.registered[u] && !seen.emplace(s.hotkeys[u], u).second)
        return fail(MetagraphError::inconsistent_state,
                    "Keys[" + std::to_string(s.netuid) + "]: hotkey " + to_hex(s.hotkeys[u]) + " has uids " +
                        std::to_string(seen[s.hotkeys[u]]) + " and " + std::to_string(u) +
                        " (the runtime skips this epoch)");
  }
  Prediction p;
  p.generation = s.generation;
  p.netuid = s.netuid;
  p.mechanism = s.mechanism;
  p.snapshot_block = s.block;
  p.epoch_block = *e;
  // feb2025: block E's coinbase adds emission this build does not model (see epoch_input).
  p.exact = (s.block + 1 == *e) && s.generation == Generation::spec143;
  p.emission_exact = s.generation == Generation::spec143;
  BT_TRY(p.input, epoch_input(s, *e));
  if (s.generation == Generation::head && s.hp.commit_reveal_enabled) {
    // reveal_crv3_commits_for_subnet at E: reveal_epoch = current_epoch_with_lookahead - reveal period
    const std::uint64_t cur = p.input.current_epoch_with_lookahead;
    const std::uint64_t reveal_epoch = cur > s.hp.reveal_period ? cur - s.hp.reveal_period : 0;
    for (const auto& m : s.mechanisms)
      for (const auto& t : m.timelocked_commits)
        if (t.commit_epoch == reveal_epoch) p.reveals_due += t.commits.size();
  }
  if (s.generation == Generation::head && s.hp.mechanism_count > 1) {
    // epoch_with_mechanisms: every mechanism's epoch on its share; netuid-level terms aggregated.
    yuma::MechanismsInput mi;
    mi.base = p.input;
    mi.mechanisms = s.mechanisms;
    mi.emission_split = s.hp.emission_split;
    mi.rao_emission = head_emission(s.hp);
    BT_TRY(auto mo, yuma::epoch_with_mechanisms(mi));
    p.output = std::move(mo.aggregated);
    // Per-mechanism storage (Incentive, Bonds) of the chosen mechanism.
    auto& chosen = mo.mechanisms.at(s.mechanism);
    p.output.incentive = std::move(chosen.incentive);
    p.output.bonds_written = std::move(chosen.bonds_written);
    p.output.post_state_bonds = std::move(chosen.post_state_bonds);
    return p;
  }
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
  if (p.generation == Generation::head && at.mechanism != p.mechanism)
    return fail(MetagraphError::invalid_argument, "compare needs mechanism " + std::to_string(p.mechanism) +
                                                      ", got a sync of mechanism " +
                                                      std::to_string(at.mechanism));
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
  compare_vec(d, "stake_weight", o.stake_weight, at.stake_weight);
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
  if (p.generation == Generation::head) {
    const std::pair<const char*, std::uint64_t> drained[] = {
        {"pending_server_emission", at.hp.pending_server_emission},
        {"pending_validator_emission", at.hp.pending_validator_emission},
        {"pending_root_alpha_divs", at.hp.pending_root_alpha_divs}};
    for (const auto& [name, v] : drained)
      if (v != 0) d.push_back({name, std::nullopt, "0", std::to_string(v)});
  }
  if (at.hp.pending_emission != 0)
    d.push_back({"pending_emission", std::nullopt, "0", std::to_string(at.hp.pending_emission)});
  if (at.hp.last_mechanism_step_block != p.epoch_block)
    d.push_back({"last_mechanism_step_block", std::nullopt, std::to_string(p.epoch_block),
                 std::to_string(at.hp.last_mechanism_step_block)});
  return d;
}

}  // namespace bt::metagraph
