// SPDX-License-Identifier: MIT
// The storage the spec-143 runtime holds for a subnet in the state of a yuma EpochInput (keys from the
// metadata, values SCALE-encoded as the runtime stores them), for the scripted-node tests and benchmarks.
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/scale/encoder.hpp>
#include <bt/yuma/epoch.hpp>

#include <functional>
#include <string_view>
#include <vector>

namespace bt::test::spec143 {

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

// Writes every item of the subnet through put(key, value).
struct Writer {
  const bt::metadata::Metadata& md;
  std::function<void(const Bytes&, const Bytes&)> sink;

  Bytes key(std::string_view item, std::vector<Bytes> parts = {}) const {
    return bt::metadata::storage_key_encoded(md, "SubtensorModule", item, parts).value();
  }
  void put(std::uint64_t, std::string_view item, std::vector<Bytes> parts, const Bytes& v) const {
    sink(key(item, std::move(parts)), v);
  }
  // Storage after block E-1 = the case input (tempo 10 so that E = input.current_block is the next epoch).
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
    // rao_emission = PendingEmission + the emission queued by block E (owner cut applies).
    put(b, "PendingEmission", {nu},
        enc<std::uint64_t>(in.rao_emission >= kQueued ? in.rao_emission - kQueued : 0));
    put(b, "EmissionValues", {nu}, enc<std::uint64_t>(kEmissionValue));
    put(b, "SubnetOwner", {nu}, acc(hotkey_of(0xffff)));
    put(b, "SubnetOwnerCut", {}, enc<std::uint16_t>(kOwnerCut));
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
      if (in.stake[u]) put(b, "TotalHotkeyStake", {acc(hotkey_of(u))}, enc<std::uint64_t>(in.stake[u]));
      put(b, "Owner", {acc(hotkey_of(u))}, acc(hotkey_of(static_cast<std::uint16_t>(u + 1000))));
    }
    for (std::size_t u = 0; u < in.weights.size(); ++u)
      if (!in.weights[u].empty())
        put(b, "Weights", {nu, u16le(static_cast<std::uint16_t>(u))}, enc_row(in.weights[u]));
    for (std::size_t u = 0; u < in.bonds.size(); ++u)
      if (!in.bonds[u].empty())
        put(b, "Bonds", {nu, u16le(static_cast<std::uint16_t>(u))}, enc_row(in.bonds[u]));
  }
};

}  // namespace bt::test::spec143
