// SPDX-License-Identifier: MIT
// The storage a runtime holds for a subnet in the state of a yuma EpochInput (keys from the runtime's
// metadata, values SCALE-encoded as the runtime stores them), for the scripted-node tests and benchmarks.
// One writer for every storage layout bt::metagraph::sync reads: spec 143, the Feb-2025 (dTAO) layout and
// head (subtensor 14bc6f9f, tests/metagraph/head_layout.hpp: per-mechanism keys, the epoch scheduler).
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/scale/encoder.hpp>
#include <bt/yuma/epoch.hpp>

#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "scripted_chain.hpp"

namespace bt::test::subnet {

inline Bytes u16le(std::uint16_t v) {
  return Bytes{static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8)};
}

template <class T>
Bytes enc(T v) {
  bt::scale::Encoder e;
  e.put_le<T>(v);
  return std::move(e).take();
}
template <class T>
Bytes enc_vec(const std::vector<T>& v) {
  bt::scale::Encoder e;
  e.put_compact(v.size());
  for (const auto& x : v) {
    if constexpr (std::is_same_v<T, bool>)
      e.put_u8(x ? 1 : 0);
    else
      e.put_le<T>(x);
  }
  return std::move(e).take();
}
inline Bytes enc_bools(const std::vector<bool>& v) {
  bt::scale::Encoder e;
  e.put_compact(v.size());
  for (bool x : v) e.put_u8(x ? 1 : 0);
  return std::move(e).take();
}
inline Bytes enc_row(const bt::yuma::Row& r) {
  bt::scale::Encoder e;
  e.put_compact(r.size());
  for (const auto& [j, w] : r) {
    e.put_le<std::uint16_t>(j);
    e.put_le<std::uint16_t>(w);
  }
  return std::move(e).take();
}

inline bt::crypto::AccountId32 hotkey_of(std::uint16_t uid);
inline Bytes acc(const bt::crypto::AccountId32& a);

// ParentKeys / ChildKeys value: Vec<(u64 proportion, AccountId)>.
inline Bytes enc_links(const std::vector<std::pair<std::uint64_t, bt::crypto::AccountId32>>& v) {
  bt::scale::Encoder e;
  e.put_compact(v.size());
  for (const auto& [p, a] : v) {
    e.put_le<std::uint64_t>(p);
    e.put_bytes(acc(a));
  }
  return std::move(e).take();
}

inline bt::crypto::AccountId32 hotkey_of(std::uint16_t uid) {
  bt::crypto::AccountId32 a{};
  a.data.fill(0x11);
  a.data[0] = static_cast<std::uint8_t>(uid);
  a.data[1] = static_cast<std::uint8_t>(uid >> 8);
  return a;
}
inline Bytes acc(const bt::crypto::AccountId32& a) { return Bytes(a.data.begin(), a.data.end()); }

inline constexpr std::uint64_t kEmissionValue = 1'000'000'000;
inline constexpr std::uint16_t kOwnerCut = 11'796;
inline constexpr std::uint64_t kQueued = 820'004'577;  // EPOCH.md: 1e9 minus the 11796/65535 owner cut

enum class Layout { spec143, feb2025, head };

// get_mechanism_storage_index (mechanism * 4096 + netuid, saturating).
inline std::uint16_t mechanism_index(std::uint16_t netuid, std::uint8_t mechanism) {
  const std::uint32_t v = std::uint32_t{mechanism} * 4096u + netuid;
  return static_cast<std::uint16_t>(v > 0xffff ? 0xffff : v);
}

// Writes every item of the subnet through sink(key, value).
struct Writer {
  const bt::metadata::Metadata& md;
  std::function<void(const Bytes&, const Bytes&)> sink;
  Layout layout = Layout::spec143;

  Bytes key(std::string_view item, std::vector<Bytes> parts = {}) const {
    return bt::metadata::storage_key_encoded(md, "SubtensorModule", item, parts).value();
  }
  void put(std::uint64_t, std::string_view item, std::vector<Bytes> parts, const Bytes& v) const {
    sink(key(item, std::move(parts)), v);
  }
  void write_head(std::uint64_t b, const bt::yuma::EpochInput& in) const;
  // Storage after block E-1 = the case input, `tempo` such that E = input.current_block is the next epoch.
  // spec143: the emission the epoch receives is PendingEmission plus what block E queues (EmissionValues
  // minus the owner cut, kQueued). feb2025: PendingEmission is the case's emission (the coinbase share of
  // block E is not modelled); own stakes = the case's stakes (no child / parent links).
  //
  // head: Tempo = the case's tempo and the scheduler set so that E is due (LastEpochBlock = E - tempo, or
  // PendingEpochAt = E when E < tempo); the emission split over PendingServerEmission /
  // PendingValidatorEmission / PendingRootAlphaDivs; SubnetEpochIndex = current_epoch_with_lookahead - 1;
  // the owner through SubnetOwnerHotkey + Uids; `tempo` is not used. The epoch-written vectors get one
  // entry per registered uid, as the head epoch writes them.
  void write_input(std::uint64_t b, const bt::yuma::EpochInput& in, std::uint16_t tempo) {
    if (layout == Layout::head) {
      write_head(b, in);
      return;
    }
    const Bytes nu = u16le(in.netuid);
    put(b, "NetworksAdded", {nu}, enc<std::uint8_t>(1));
    put(b, "SubnetworkN", {nu}, enc<std::uint16_t>(in.n));
    put(b, "Tempo", {nu}, enc<std::uint16_t>(tempo));
    put(b, "Kappa", {nu}, enc<std::uint16_t>(in.kappa));
    put(b, "Rho", {nu}, enc<std::uint16_t>(in.rho));
    put(b, "ActivityCutoff", {nu}, enc<std::uint16_t>(in.activity_cutoff));
    put(b, "MaxAllowedValidators", {nu}, enc<std::uint16_t>(in.max_allowed_validators));
    put(b, "BondsMovingAverage", {nu}, enc<std::uint64_t>(in.bonds_moving_average));
    if (layout == Layout::spec143) {
      put(b, "PendingEmission", {nu},
          enc<std::uint64_t>(in.rao_emission >= kQueued ? in.rao_emission - kQueued : 0));
      put(b, "EmissionValues", {nu}, enc<std::uint64_t>(kEmissionValue));
      put(b, "SubnetOwner", {nu}, acc(hotkey_of(0xffff)));
      put(b, "SubnetOwnerCut", {}, enc<std::uint16_t>(kOwnerCut));
    } else {
      put(b, "PendingEmission", {nu}, enc<std::uint64_t>(in.rao_emission));
      put(b, "TaoWeight", {}, enc<std::uint64_t>(in.tao_weight));
      put(b, "LiquidAlphaOn", {nu}, enc<std::uint8_t>(in.liquid_alpha_enabled ? 1 : 0));
      bt::scale::Encoder av;
      av.put_le<std::uint16_t>(in.alpha_low);
      av.put_le<std::uint16_t>(in.alpha_high);
      put(b, "AlphaValues", {nu}, std::move(av).take());
    }
    put(b, "LastUpdate", {nu}, enc_vec(in.last_update));
    put(b, "ValidatorPermit", {nu}, enc_bools(in.validator_permit));
    for (const char* item :
         {"Rank", "Trust", "Consensus", "Incentive", "Dividends", "ValidatorTrust", "PruningScores"})
      put(b, item, {nu}, enc_vec(std::vector<std::uint16_t>(in.n, 7)));
    put(b, "Emission", {nu}, enc_vec(std::vector<std::uint64_t>(in.n, 9)));
    put(b, "Active", {nu}, enc_bools(std::vector<bool>(in.n, true)));
    for (std::uint16_t u = 0; u < in.n; ++u) {
      if (in.registered[u]) put(b, "Keys", {nu, u16le(u)}, acc(hotkey_of(u)));
      put(b, "BlockAtRegistration", {nu, u16le(u)}, enc<std::uint64_t>(in.block_at_registration[u]));
      const Bytes hk = acc(hotkey_of(u));
      if (layout == Layout::spec143) {
        if (in.stake[u]) put(b, "TotalHotkeyStake", {hk}, enc<std::uint64_t>(in.stake[u]));
      } else {
        if (in.alpha_stake[u]) put(b, "TotalHotkeyAlpha", {hk, nu}, enc<std::uint64_t>(in.alpha_stake[u]));
        if (in.tao_stake[u]) put(b, "TotalHotkeyAlpha", {hk, u16le(0)}, enc<std::uint64_t>(in.tao_stake[u]));
      }
      put(b, "Owner", {acc(hotkey_of(u))}, acc(hotkey_of(static_cast<std::uint16_t>(u + 1000))));
    }
    // A row is stored when it is non-empty or the input says so (`null` rows of the vectors are absent).
    auto stored = [](const std::vector<bool>& flags, const bt::yuma::Row& row, std::size_t u) {
      return !row.empty() || flags.empty() || (u < flags.size() && flags[u]);
    };
    for (std::size_t u = 0; u < in.weights.size(); ++u)
      if (stored(in.weights_stored, in.weights[u], u))
        put(b, "Weights", {nu, u16le(static_cast<std::uint16_t>(u))}, enc_row(in.weights[u]));
    for (std::size_t u = 0; u < in.bonds.size(); ++u)
      if (stored(in.bonds_stored, in.bonds[u], u))
        put(b, "Bonds", {nu, u16le(static_cast<std::uint16_t>(u))}, enc_row(in.bonds[u]));
  }
};

// The head layout: subnet-level items, then mechanism 0's storage (write_mechanism).
inline void write_head_subnet(const Writer& w, std::uint64_t b, const bt::yuma::EpochInput& in) {
  const Bytes nu = u16le(in.netuid);
  const std::uint64_t e = in.current_block;
  w.put(b, "NetworksAdded", {nu}, enc<std::uint8_t>(1));
  w.put(b, "SubnetworkN", {nu}, enc<std::uint16_t>(in.n));
  w.put(b, "Tempo", {nu}, enc<std::uint16_t>(in.tempo));
  if (e >= in.tempo)
    w.put(b, "LastEpochBlock", {nu}, enc<std::uint64_t>(e - in.tempo));
  else
    w.put(b, "PendingEpochAt", {nu}, enc<std::uint64_t>(e));
  w.put(b, "BlocksSinceLastStep", {nu}, enc<std::uint64_t>(3));
  w.put(b, "Kappa", {nu}, enc<std::uint16_t>(in.kappa));
  w.put(b, "Rho", {nu}, enc<std::uint16_t>(in.rho));
  w.put(b, "ActivityCutoffFactorMilli", {nu}, enc<std::uint32_t>(in.activity_cutoff_factor_milli));
  w.put(b, "MaxAllowedValidators", {nu}, enc<std::uint16_t>(in.max_allowed_validators));
  w.put(b, "BondsMovingAverage", {nu}, enc<std::uint64_t>(in.bonds_moving_average));
  w.put(b, "BondsPenalty", {nu}, enc<std::uint16_t>(in.bonds_penalty));
  w.put(b, "LiquidAlphaOn", {nu}, enc<std::uint8_t>(in.liquid_alpha_enabled ? 1 : 0));
  bt::scale::Encoder av;
  av.put_le<std::uint16_t>(in.alpha_low);
  av.put_le<std::uint16_t>(in.alpha_high);
  w.put(b, "AlphaValues", {nu}, std::move(av).take());
  w.put(b, "AlphaSigmoidSteepness", {nu}, enc<std::int16_t>(in.alpha_sigmoid_steepness));
  w.put(b, "Yuma3On", {nu}, enc<std::uint8_t>(in.yuma3_enabled ? 1 : 0));
  w.put(b, "CommitRevealWeightsEnabled", {nu}, enc<std::uint8_t>(in.commit_reveal_enabled ? 1 : 0));
  w.put(b, "RevealPeriodEpochs", {nu}, enc<std::uint64_t>(in.reveal_period));
  w.put(b, "LastMechansimStepBlock", {nu}, enc<std::uint64_t>(in.last_mechanism_step_block));
  w.put(b, "SubnetEpochIndex", {nu},
        enc<std::uint64_t>(in.current_epoch_with_lookahead ? in.current_epoch_with_lookahead - 1 : 0));
  w.put(b, "TaoWeight", {}, enc<std::uint64_t>(in.tao_weight));
  w.put(b, "StakeThreshold", {}, enc<std::uint64_t>(in.stake_threshold));
  // the epoch's emission, split over the three pending items it is the sum of
  const std::uint64_t server = in.rao_emission / 2, root = in.rao_emission / 7;
  w.put(b, "PendingServerEmission", {nu}, enc<std::uint64_t>(server));
  w.put(b, "PendingRootAlphaDivs", {nu}, enc<std::uint64_t>(root));
  w.put(b, "PendingValidatorEmission", {nu}, enc<std::uint64_t>(in.rao_emission - server - root));
  w.put(b, "PendingOwnerCut", {nu}, enc<std::uint64_t>(in.rao_emission / 5));
  w.put(b, "SubnetOwner", {nu}, acc(hotkey_of(0xfffe)));
  if (in.owner_uid) w.put(b, "SubnetOwnerHotkey", {nu}, acc(hotkey_of(*in.owner_uid)));
  w.put(b, "ValidatorPermit", {nu}, enc_bools(in.validator_permit));
  std::size_t registered = 0;
  for (bool r : in.registered) registered += r ? 1 : 0;
  for (const char* item : {"Consensus", "Dividends", "ValidatorTrust", "StakeWeight"})
    w.put(b, item, {nu}, enc_vec(std::vector<std::uint16_t>(registered, 7)));
  w.put(b, "Emission", {nu}, enc_vec(std::vector<std::uint64_t>(registered, 9)));
  w.put(b, "Active", {nu}, enc_bools(std::vector<bool>(registered, true)));
  for (std::uint16_t u = 0; u < in.n; ++u) {
    const Bytes hk = acc(hotkey_of(u));
    if (in.registered[u]) {
      w.put(b, "Keys", {nu, u16le(u)}, hk);
      w.put(b, "Uids", {nu, hk}, enc<std::uint16_t>(u));
    }
    w.put(b, "BlockAtRegistration", {nu, u16le(u)}, enc<std::uint64_t>(in.block_at_registration[u]));
    if (in.alpha_stake[u]) w.put(b, "TotalHotkeyAlpha", {hk, nu}, enc<std::uint64_t>(in.alpha_stake[u]));
    if (in.tao_stake[u]) w.put(b, "TotalHotkeyAlpha", {hk, u16le(0)}, enc<std::uint64_t>(in.tao_stake[u]));
    w.put(b, "Owner", {hk}, acc(hotkey_of(static_cast<std::uint16_t>(u + 1000))));
  }
}

// The per-mechanism storage of mechanism `mech` (keys NetUidStorageIndex): LastUpdate, Incentive, rows and
// the commit queues of `in` (commit uids written under their hotkeys).
inline void write_mechanism(const Writer& w, std::uint64_t b, const bt::yuma::EpochInput& in,
                            std::uint8_t mech) {
  const Bytes ik = u16le(mechanism_index(in.netuid, mech));
  w.put(b, "LastUpdate", {ik}, enc_vec(in.last_update));
  std::size_t registered = 0;
  for (bool r : in.registered) registered += r ? 1 : 0;
  w.put(b, "Incentive", {ik}, enc_vec(std::vector<std::uint16_t>(registered, 5)));
  auto stored = [](const std::vector<bool>& flags, const bt::yuma::Row& row, std::size_t u) {
    return !row.empty() || flags.empty() || (u < flags.size() && flags[u]);
  };
  for (std::size_t u = 0; u < in.weights.size(); ++u)
    if (stored(in.weights_stored, in.weights[u], u))
      w.put(b, "Weights", {ik, u16le(static_cast<std::uint16_t>(u))}, enc_row(in.weights[u]));
  for (std::size_t u = 0; u < in.bonds.size(); ++u)
    if (stored(in.bonds_stored, in.bonds[u], u))
      w.put(b, "Bonds", {ik, u16le(static_cast<std::uint16_t>(u))}, enc_row(in.bonds[u]));
  for (const auto& q : in.weight_commits) {
    bt::scale::Encoder e;  // VecDeque<(H256, commit_epoch, commit_block, unused)>
    e.put_compact(q.commits.size());
    for (const auto& [epoch, block] : q.commits) {
      e.put_bytes(Bytes(32, 0xab));
      e.put_le<std::uint64_t>(epoch);
      e.put_le<std::uint64_t>(block);
      e.put_le<std::uint64_t>(0);
    }
    w.put(b, "WeightCommits", {ik, acc(hotkey_of(q.uid))}, std::move(e).take());
  }
  for (const auto& t : in.timelocked_commits) {
    bt::scale::Encoder e;  // VecDeque<(AccountId, commit_block, BoundedVec<u8>, RoundNumber)>
    e.put_compact(t.commits.size());
    for (const auto& [uid, block] : t.commits) {
      e.put_bytes(acc(hotkey_of(uid)));
      e.put_le<std::uint64_t>(block);
      e.put_compact(3);
      e.put_bytes(Bytes{1, 2, 3});
      e.put_le<std::uint64_t>(77);
    }
    w.put(b, "TimelockedWeightCommits", {ik, enc<std::uint64_t>(t.commit_epoch)}, std::move(e).take());
  }
}

inline void Writer::write_head(std::uint64_t b, const bt::yuma::EpochInput& in) const {
  write_head_subnet(*this, b, in);
  write_mechanism(*this, b, in, 0);
}

// head: the storage the epoch of `in` writes at block E (persist_*_epoch_terms: one entry per registered
// uid; Bonds rows as the expected post-state), drained pending emission and LastMechansimStepBlock = E.
inline void write_head_output(const Writer& w, std::uint64_t b, const bt::yuma::EpochInput& in,
                              const bt::yuma::EpochOutput& out, std::uint8_t mech = 0) {
  const Bytes nu = u16le(in.netuid);
  const Bytes ik = u16le(mechanism_index(in.netuid, mech));
  w.put(b, "Consensus", {nu}, enc_vec(out.consensus));
  w.put(b, "Dividends", {nu}, enc_vec(out.dividends));
  w.put(b, "ValidatorTrust", {nu}, enc_vec(out.validator_trust));
  w.put(b, "StakeWeight", {nu}, enc_vec(out.stake_weight));
  w.put(b, "Emission", {nu}, enc_vec(out.emission));
  w.put(b, "Active", {nu}, enc_bools(out.active));
  w.put(b, "ValidatorPermit", {nu}, enc_bools(out.post_state_validator_permit));
  w.put(b, "Incentive", {ik}, enc_vec(out.incentive));
  for (std::size_t u = 0; u < out.post_state_bonds.size(); ++u)
    if (out.post_state_bonds[u])
      w.put(b, "Bonds", {ik, u16le(static_cast<std::uint16_t>(u))}, enc_row(*out.post_state_bonds[u]));
  for (const char* item : {"PendingServerEmission", "PendingValidatorEmission", "PendingRootAlphaDivs"})
    w.put(b, item, {nu}, enc<std::uint64_t>(0));
  w.put(b, "LastMechansimStepBlock", {nu}, enc<std::uint64_t>(in.current_block));
  w.put(b, "LastEpochBlock", {nu}, enc<std::uint64_t>(in.current_block));
}

inline Bytes read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// A scripted node serving storage in `layout` with the keys of `metadata` (the runtime's own blob).
struct SubnetChain {
  bt::metadata::Metadata md;
  ScriptedChain chain;
  Layout layout;

  SubnetChain(std::uint32_t spec_version, const Bytes& metadata, Layout l)
      : md(bt::metadata::Metadata::decode(metadata).value()), chain(spec_version, metadata), layout(l) {}

  Bytes key(std::string_view item, std::vector<Bytes> parts = {}) const {
    return bt::metadata::storage_key_encoded(md, "SubtensorModule", item, parts).value();
  }
  void put(std::uint64_t b, std::string_view item, std::vector<Bytes> parts, const Bytes& v) {
    chain.set(b, key(item, std::move(parts)), v);
  }
  Writer writer(std::uint64_t b) {
    return Writer{md, [this, b](const Bytes& k, const Bytes& v) { chain.set(b, k, v); }, layout};
  }
  void write_input(std::uint64_t b, const bt::yuma::EpochInput& in, std::uint16_t tempo) {
    Writer{md, [this, b](const Bytes& k, const Bytes& v) { chain.set(b, k, v); }, layout}.write_input(b, in,
                                                                                                      tempo);
  }
};

}  // namespace bt::test::subnet
