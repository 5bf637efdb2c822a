// SPDX-License-Identifier: MIT
// The drand pulses a subtensor runtime stores (pallet_drand, subtensor pallets/drand at 14bc6f9f), read
// through the metadata and verified before use: the source of the round signatures that open timelocked
// weight commits (commit_audit.hpp).
//
//   auto source = bt::subtensor::chain_pulse_source(md, read).value();   // needs the Drand pallet
//   auto sig = source(round).value();   // nullopt: round not stored yet; else a verified 48-byte signature
//
// Storage (pallets/drand/src/lib.rs, types.rs):
//   Drand.Pulses: StorageMap<Blake2_128Concat, RoundNumber = u64, Pulse, OptionQuery>
//     Pulse { round: u64, randomness: BoundedVec<u8, 32>, signature: BoundedVec<u8, 144> }
//     (a BoundedVec encodes as a Vec<u8>: compact length, then the bytes; decoding rejects a length
//     above the bound)
//   Drand.BeaconConfig: StorageValue<BeaconConfiguration, ValueQuery>, default = drand quicknet
//     BeaconConfiguration { public_key: BoundedVec<u8, 96>, period: u32, genesis_time: u32, hash,
//     group_hash, scheme_id: BoundedVec<u8, 32>, metadata: { beacon_id: BoundedVec<u8, 32> } }
//   Drand.LastStoredRound / OldestStoredRound: u64, ValueQuery (the pallet prunes pulses older than
//   216000 rounds behind the last one).
// The pallet verifies every pulse before storing it (QuicknetVerifier: the compressed G1 signature read
// from the start of `signature`, checked against BeaconConfig.public_key for sha256(round BE)); subtensor's
// reveal (pallets/subtensor/src/coinbase/reveal_commits.rs) strips a leading ASCII "0x" from the stored
// signature and reads the compressed G1 point from its first 48 bytes. chain_pulse_source does both and
// checks the signature again, against the caller's key or the runtime's BeaconConfig.
#pragma once

#include <bt/bytes.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/result.hpp>
#include <bt/subtensor/commit_audit.hpp>
#include <bt/subtensor/weights_path.hpp>

#include <cstdint>
#include <optional>

namespace bt::subtensor {

inline constexpr std::size_t kPulseRandomnessMax = 32;  // BoundedVec<u8, ConstU32<32>>
inline constexpr std::size_t kPulseSignatureMax = 144;  // BoundedVec<u8, ConstU32<144>>

struct DrandPulse {
  std::uint64_t round = 0;
  Bytes randomness;  // sha256(signature) on drand; not checked by the pallet
  Bytes signature;   // 48-byte compressed G1 on quicknet
  friend bool operator==(const DrandPulse&, const DrandPulse&) = default;
};

// Decodes a stored Pulse value. Errors: bt.scale errors (truncated, trailing bytes, a length prefix
// beyond the input); SubtensorError::invalid_drand_pulse for a BoundedVec longer than its bound.
Result<DrandPulse> decode_drand_pulse(ByteView value);
// SCALE bytes of a pulse (no bound check: tests build oversized ones on purpose).
Bytes encode_drand_pulse(const DrandPulse& pulse);

// The signature bytes subtensor's reveal deserializes: without a leading ASCII "0x", the first 48 bytes.
// SubtensorError::invalid_drand_pulse when fewer than 48 remain.
Result<ByteView> pulse_signature_bytes(const DrandPulse& pulse);

// Checks that the runtime stores pulses as decode_drand_pulse reads them: Drand.Pulses is a map with one
// Blake2_128Concat hasher, key u64 and value a composite {round: u64, randomness: bytes, signature:
// bytes} (bytes = Vec<u8>, possibly inside single-field newtypes such as BoundedVec). Errors:
// SubtensorError::unsupported_by_runtime (no Drand pallet or no Pulses entry),
// SubtensorError::drand_layout_mismatch (any other shape; the message says what differs).
Result<void> check_drand_pulses_layout(const metadata::Metadata& md);

// The beacon public key the runtime verifies pulses with: Drand.BeaconConfig.public_key (the metadata
// default when the key is absent), or nullopt when the runtime has no BeaconConfig entry. Errors: read
// errors, bt.metadata errors for an undecodable value, drand_layout_mismatch without a public_key field.
Result<std::optional<Bytes>> read_beacon_public_key(const metadata::Metadata& md, const StorageRead& read);

// A PulseSignature (commit_audit.hpp) reading Drand.Pulses[round] through `read`:
//   absent                                     -> nullopt (round not stored yet, or pruned)
//   undecodable bytes                          -> error (bt.scale / invalid_drand_pulse)
//   pulse.round != round                       -> error invalid_drand_pulse
//   signature that does not decode or verify   -> error invalid_drand_pulse (or the bt.crypto.bls12_381
//                                                 error of the point decoding)
//   otherwise                                  -> the 48 signature bytes
// The key: `beacon_public_key` if given, else the runtime's BeaconConfig (read once, here), else drand
// quicknet's. `md` must outlive the callback (it keeps a pointer); `read` is copied. Errors (of this call):
// check_drand_pulses_layout's, read_beacon_public_key's, and a key that is not a valid compressed G2 point
// (bt.crypto.bls12_381 errors).
Result<PulseSignature> chain_pulse_source(const metadata::Metadata& md, const StorageRead& read,
                                          std::optional<ByteView> beacon_public_key = std::nullopt);

// audit_stored_commits with the pulses of the chain (chain_pulse_source): errors of both.
Result<std::vector<CommitAudit>> audit_chain_commits(
    const metadata::Metadata& md, std::uint16_t netuid_index, std::uint64_t epoch, const StorageRead& read,
    std::optional<ByteView> beacon_public_key = std::nullopt);

}  // namespace bt::subtensor
