// SPDX-License-Identifier: MIT
// The storage a runtime holds for a subnet in the state of a yuma EpochInput (keys from the runtime's
// metadata, values SCALE-encoded as the runtime stores them), for the scripted-node tests and benchmarks.
// One writer for every storage layout bt::metagraph::sync reads: spec 143 and the Feb-2025 (dTAO) layout.
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

enum class Layout { spec143, feb2025 };

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
  // Storage after block E-1 = the case input, `tempo` such that E = input.current_block is the next epoch.
  // spec143: the emission the epoch receives is PendingEmission plus what block E queues (EmissionValues
  // minus the owner cut, kQueued). feb2025: PendingEmission is the case's emission (the coinbase share of
  // block E is not modelled); own stakes = the case's stakes (no child / parent links).
  void write_input(std::uint64_t b, const bt::yuma::EpochInput& in, std::uint16_t tempo) {
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
  void write_input(std::uint64_t b, const bt::yuma::EpochInput& in, std::uint16_t tempo) {
    Writer{md, [this, b](const Bytes& k, const Bytes& v) { chain.set(b, k, v); }, layout}.write_input(b, in,
                                                                                                      tempo);
  }
};

}  // namespace bt::test::subnet
