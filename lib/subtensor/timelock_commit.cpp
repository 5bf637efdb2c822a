// SPDX-License-Identifier: MIT
#include <bt/subtensor/timelock_commit.hpp>

#include <bt/crypto/timelock.hpp>
#include <bt/metadata/calls.hpp>
#include <bt/metadata/value.hpp>

#include <cmath>
#include <limits>

namespace bt::subtensor {
namespace {
using metadata::Value;

std::uint64_t sat_add(std::uint64_t a, std::uint64_t b) { return a > ~b ? ~std::uint64_t{0} : a + b; }
std::uint64_t sat_sub(std::uint64_t a, std::uint64_t b) { return a > b ? a - b : 0; }
std::uint64_t sat_mul(std::uint64_t a, std::uint64_t b) {
  std::uint64_t r;
  return __builtin_mul_overflow(a, b, &r) ? ~std::uint64_t{0} : r;
}
// Rust's `f as u64`: NaN -> 0, saturating at both ends.
std::uint64_t f64_to_u64_saturating(double f) {
  if (!(f > 0)) return 0;
  if (f >= 18446744073709551616.0) return std::numeric_limits<std::uint64_t>::max();
  return static_cast<std::uint64_t>(f);
}

Value commit_bytes(ByteView commit) { return Value::bytes(Bytes(commit.begin(), commit.end())); }
}  // namespace

RevealRound compute_reveal_round(const RevealRoundInputs& in) noexcept {
  RevealRound r;
  const std::uint64_t tempo_plus_one = sat_add(in.tempo, 1);
  const std::uint64_t netuid_plus_one = std::uint64_t{in.netuid} + 1;
  r.current_epoch = (in.current_block + netuid_plus_one) / tempo_plus_one;  // wraps like Rust release builds
  r.reveal_epoch = r.current_epoch + in.subnet_reveal_period_epochs;
  r.first_reveal_block = sat_sub(sat_mul(r.reveal_epoch, tempo_plus_one), netuid_plus_one);
  r.target_ingest_block = sat_add(r.first_reveal_block, 3);
  r.blocks_until_ingest = sat_sub(r.target_ingest_block, in.current_block);
  r.secs_until_ingest = static_cast<double>(r.blocks_until_ingest) * in.block_time;
  r.target_secs = in.now + r.secs_until_ingest;
  const double rounds =
      std::floor((r.target_secs - static_cast<double>(crypto::drand::kQuicknetGenesisTime)) /
                 static_cast<double>(crypto::drand::kQuicknetPeriodSeconds));
  r.reveal_round = f64_to_u64_saturating(rounds);
  if (r.reveal_round < 1) r.reveal_round = 1;
  return r;
}

Result<TimelockedCommit> generate_commit(std::span<const std::uint16_t> uids,
                                         std::span<const std::uint16_t> values, std::uint64_t version_key,
                                         const RevealRoundInputs& when, const crypto::AccountId32& hotkey,
                                         ByteView beacon_public_key) {
  if (uids.size() != values.size())
    return fail(CoreError::length_mismatch, "uids and values differ in length");
  WeightsTlockPayload p;
  p.hotkey.assign(hotkey.begin(), hotkey.end());
  p.uids.assign(uids.begin(), uids.end());
  p.values.assign(values.begin(), values.end());
  p.version_key = version_key;
  const Bytes payload = scale::encode(p);
  TimelockedCommit out;
  out.reveal_round = compute_reveal_round(when).reveal_round;
  BT_TRY(out.commit, crypto::timelock::encrypt(beacon_public_key, out.reveal_round, payload));
  return out;
}

Result<OpenedCommit> open_commit(ByteView commit, ByteView round_signature,
                                 const crypto::AccountId32& committer) {
  BT_TRY(SecureBytes plain, crypto::timelock::decrypt(commit, round_signature));
  OpenedCommit o;
  {
    scale::Decoder d(plain.view());
    auto v4 = scale::decode_next<WeightsTlockPayload>(d);
    if (v4 && v4->hotkey.size() >= 32) {
      crypto::AccountId32 hk;
      std::copy(v4->hotkey.begin(), v4->hotkey.begin() + 32, hk.begin());
      o.hotkey = hk;
      o.hotkey_matches = hk == committer;
      o.uids = std::move(v4->uids);
      o.values = std::move(v4->values);
      o.version_key = v4->version_key;
      o.trailing_bytes = d.remaining();
      return o;
    }
  }
  scale::Decoder d(plain.view());
  BT_TRY(LegacyWeightsTlockPayload legacy, scale::decode_next<LegacyWeightsTlockPayload>(d));
  o.legacy = true;
  o.hotkey_matches = true;
  o.uids = std::move(legacy.uids);
  o.values = std::move(legacy.values);
  o.version_key = legacy.version_key;
  o.trailing_bytes = d.remaining();
  return o;
}

Result<Bytes> commit_timelocked_mechanism_weights_call(const metadata::Metadata& md, std::uint16_t netuid,
                                                       std::uint8_t mecid, ByteView commit,
                                                       std::uint64_t reveal_round,
                                                       std::uint16_t commit_reveal_version) {
  return metadata::encode_call(
      md, "SubtensorModule", "commit_timelocked_mechanism_weights",
      Value::composite({{"netuid", Value::u(netuid)},
                        {"mecid", Value::u(mecid)},
                        {"commit", commit_bytes(commit)},
                        {"reveal_round", Value::u(reveal_round)},
                        {"commit_reveal_version", Value::u(commit_reveal_version)}}));
}

Result<Bytes> commit_timelocked_weights_call(const metadata::Metadata& md, std::uint16_t netuid,
                                             ByteView commit, std::uint64_t reveal_round,
                                             std::uint16_t commit_reveal_version) {
  return metadata::encode_call(
      md, "SubtensorModule", "commit_timelocked_weights",
      Value::composite({{"netuid", Value::u(netuid)},
                        {"commit", commit_bytes(commit)},
                        {"reveal_round", Value::u(reveal_round)},
                        {"commit_reveal_version", Value::u(commit_reveal_version)}}));
}

Result<Bytes> commit_crv3_mechanism_weights_call(const metadata::Metadata& md, std::uint16_t netuid,
                                                 std::uint8_t mecid, ByteView commit,
                                                 std::uint64_t reveal_round) {
  return metadata::encode_call(md, "SubtensorModule", "commit_crv3_mechanism_weights",
                               Value::composite({{"netuid", Value::u(netuid)},
                                                 {"mecid", Value::u(mecid)},
                                                 {"commit", commit_bytes(commit)},
                                                 {"reveal_round", Value::u(reveal_round)}}));
}

}  // namespace bt::subtensor
