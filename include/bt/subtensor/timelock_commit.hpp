// SPDX-License-Identifier: MIT
// Timelocked weight commits (commit-reveal v3/v4) as the SDK builds them through bittensor-drand
// (`generate_commit`, v1.x = the versions bittensor SDK 10 pins) and as subtensor opens them
// (`pallets/subtensor/src/coinbase/reveal_commits.rs`).
//
//   auto c = bt::subtensor::generate_commit(weights, version_key, {.current_block = b, .netuid = 1,
//                                           .tempo = 360, .subnet_reveal_period_epochs = 1,
//                                           .block_time = 12.0, .now = unix_seconds}, hotkey).value();
//   auto call = bt::subtensor::commit_timelocked_mechanism_weights_call(md, 1, 0, c.commit, c.reveal_round,
//   4);
//
// The payload is SCALE `WeightsTlockPayload { hotkey: Vec<u8>, uids: Vec<u16>, values: Vec<u16>,
// version_key: u64 }` (older runtimes: `LegacyWeightsTlockPayload` without the hotkey), encrypted with
// bt::crypto::timelock to the drand quicknet key for `reveal_round`. For mechanisms the SDK passes
// netuid = mechid * 4096 + netuid (the storage index) to the reveal-round computation.
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/drand.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/result.hpp>
#include <bt/scale/codec.hpp>
#include <bt/subtensor/weights.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace bt::subtensor {

struct WeightsTlockPayload {
  Bytes hotkey;  // the committing hotkey's 32-byte public key (a Vec<u8> on the wire)
  std::vector<std::uint16_t> uids;
  std::vector<std::uint16_t> values;
  std::uint64_t version_key = 0;
  BT_SCALE_FIELDS(hotkey, uids, values, version_key)
  friend bool operator==(const WeightsTlockPayload&, const WeightsTlockPayload&) = default;
};

struct LegacyWeightsTlockPayload {
  std::vector<std::uint16_t> uids;
  std::vector<std::uint16_t> values;
  std::uint64_t version_key = 0;
  BT_SCALE_FIELDS(uids, values, version_key)
  friend bool operator==(const LegacyWeightsTlockPayload&, const LegacyWeightsTlockPayload&) = default;
};

// Inputs of bittensor-drand's reveal-round formula; `now` replaces the wall clock (Unix seconds).
struct RevealRoundInputs {
  std::uint64_t current_block = 0;
  std::uint16_t netuid = 0;  // storage index: mechid * 4096 + netuid
  std::uint64_t tempo = 0;
  std::uint64_t subnet_reveal_period_epochs = 0;
  double block_time = 12.0;
  double now = 0;
};

// Every step of the formula (u64 arithmetic with Rust's saturating operations, then f64):
//   current_epoch = (current_block + netuid + 1) / (tempo + 1)
//   reveal_epoch = current_epoch + subnet_reveal_period_epochs
//   first_reveal_block = reveal_epoch * (tempo + 1) - (netuid + 1)
//   target_ingest_block = first_reveal_block + 3;  blocks_until_ingest = target - current_block
//   target_secs = now + blocks_until_ingest * block_time
//   reveal_round = max(1, floor((target_secs - quicknet genesis) / 3))
struct RevealRound {
  std::uint64_t reveal_round = 0;
  std::uint64_t current_epoch = 0;
  std::uint64_t reveal_epoch = 0;
  std::uint64_t first_reveal_block = 0;
  std::uint64_t target_ingest_block = 0;
  std::uint64_t blocks_until_ingest = 0;
  double secs_until_ingest = 0;
  double target_secs = 0;
};
RevealRound compute_reveal_round(const RevealRoundInputs& in) noexcept;

struct TimelockedCommit {
  Bytes commit;  // the `commit` argument of commit_timelocked_(mechanism_)weights
  std::uint64_t reveal_round = 0;
};

// bittensor-drand generate_commit: payload, reveal round, encryption to `beacon_public_key` (drand
// quicknet for the chain). Errors: bt.crypto.timelock (invalid key, backend); CoreError::length_mismatch
// if uids and values differ in length.
Result<TimelockedCommit> generate_commit(std::span<const std::uint16_t> uids,
                                         std::span<const std::uint16_t> values, std::uint64_t version_key,
                                         const RevealRoundInputs& when, const crypto::AccountId32& hotkey,
                                         ByteView beacon_public_key = crypto::drand::quicknet_public_key());

// What subtensor does with a commit once the pulse of its round is known.
struct OpenedCommit {
  bool legacy = false;                        // decoded as LegacyWeightsTlockPayload
  std::optional<crypto::AccountId32> hotkey;  // v4 payloads: first 32 bytes of the payload hotkey
  bool hotkey_matches = false;                // hotkey == committer (legacy: always true)
  std::vector<std::uint16_t> uids, values;
  std::uint64_t version_key = 0;
  std::size_t trailing_bytes = 0;  // payload bytes after the decoded struct (tolerated)
  // subtensor applies the weights only when this is true
  bool accepted() const noexcept { return legacy || hotkey_matches; }
};
// Decrypts (bt::crypto::timelock::decrypt) and decodes the payload as the runtime does: the v4 struct
// with a hotkey of at least 32 bytes, else the legacy struct; trailing payload bytes are ignored.
// Errors: the timelock error kinds; bt.scale errors when neither payload format decodes.
Result<OpenedCommit> open_commit(ByteView commit, ByteView round_signature,
                                 const crypto::AccountId32& committer);

// SubtensorModule.commit_timelocked_mechanism_weights { netuid, mecid, commit, reveal_round,
// commit_reveal_version } (the SDK 10 path; commit_reveal_version is the runtime's
// CommitRevealWeightsVersion, 4 today).
Result<Bytes> commit_timelocked_mechanism_weights_call(const metadata::Metadata& md, std::uint16_t netuid,
                                                       std::uint8_t mecid, ByteView commit,
                                                       std::uint64_t reveal_round,
                                                       std::uint16_t commit_reveal_version);
// SubtensorModule.commit_timelocked_weights { netuid, commit, reveal_round, commit_reveal_version }.
Result<Bytes> commit_timelocked_weights_call(const metadata::Metadata& md, std::uint16_t netuid,
                                             ByteView commit, std::uint64_t reveal_round,
                                             std::uint16_t commit_reveal_version);
// SubtensorModule.commit_crv3_mechanism_weights { netuid, mecid, commit, reveal_round } (CRv3 runtimes).
Result<Bytes> commit_crv3_mechanism_weights_call(const metadata::Metadata& md, std::uint16_t netuid,
                                                 std::uint8_t mecid, ByteView commit,
                                                 std::uint64_t reveal_round);

}  // namespace bt::subtensor
