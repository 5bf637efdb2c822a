// SPDX-License-Identifier: MIT
// Auditing timelocked weight commits stored on chain: decode the stored queue of a (netuid, epoch),
// open each commit with the drand pulse of its reveal round, report what it contained.
//
//   auto commits = bt::subtensor::decode_stored_commits(value_bytes, CommitsLayout::with_block).value();
//   auto report = bt::subtensor::audit_commits(commits, [&](std::uint64_t round) {
//     return pulse_signature(round);  // 48-byte signature, or nullopt while the round is in the future
//   });
//   // report[i].status: pending (no pulse yet) | opened (.opened: payload, accepted()) | failed (.error)
//
// Storage (subtensor pallets/subtensor/src/lib.rs), keys (NetUidStorageIndex, epoch), ValueQuery:
//   TimelockedWeightCommits, CRV3WeightCommitsV2: VecDeque<(AccountId, commit_block u64, BoundedVec<u8>,
//                                                          reveal_round u64)>        -> with_block
//   CRV3WeightCommits (deprecated):               VecDeque<(AccountId, BoundedVec<u8>, reveal_round u64)>
//                                                                                      -> without_block
// The chain removes a queue entry once it has revealed it, so what a node still stores is what has not
// been revealed yet (or could not be). The pulses come from the caller (drand's HTTP API
// `https://api.drand.sh/<chain hash>/public/<round>`, or the chain's Drand.Pulses read and verified by
// drand_pulse.hpp's chain_pulse_source / audit_chain_commits); nothing here does I/O except through the
// callbacks.
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/error.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/result.hpp>
#include <bt/subtensor/timelock_commit.hpp>
#include <bt/subtensor/weights_path.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bt::subtensor {

enum class CommitsLayout { with_block, without_block };

struct StoredCommit {
  crypto::AccountId32 who;
  std::optional<std::uint64_t> commit_block;  // with_block layouts only
  Bytes commit;
  std::uint64_t reveal_round = 0;
};

// Decodes one stored queue value. Errors: bt.scale errors (truncated, oversized length prefix, trailing
// bytes).
Result<std::vector<StoredCommit>> decode_stored_commits(ByteView value, CommitsLayout layout);
// SCALE bytes of a queue (the inverse; for tests and scripted nodes).
Bytes encode_stored_commits(std::span<const StoredCommit> commits, CommitsLayout layout);

// The commits item the runtime has, first of TimelockedWeightCommits, CRV3WeightCommitsV2,
// CRV3WeightCommits; nullopt if none.
struct CommitsItem {
  std::string name;
  CommitsLayout layout = CommitsLayout::with_block;
};
std::optional<CommitsItem> commits_item(const metadata::Metadata& md);

// The pulse signature of a round: 48 bytes, nullopt when the pulse is not available (future round).
using PulseSignature = std::function<Result<std::optional<Bytes>>(std::uint64_t round)>;

struct CommitAudit {
  enum class Status { pending, opened, failed };
  StoredCommit stored;
  std::optional<std::uint64_t> epoch;  // the queue's epoch key, when read from storage
  Status status = Status::pending;
  std::optional<OpenedCommit> opened;  // status == opened: the payload as subtensor decodes it
  std::optional<Error> error;          // status == failed: why (timelock/scale error, or the pulse read's)
};
const char* commit_audit_status_name(CommitAudit::Status s) noexcept;

// One report per commit, in order; a failing commit or pulse read does not stop the others.
std::vector<CommitAudit> audit_commits(std::span<const StoredCommit> commits, const PulseSignature& pulse);

// Reads the queue of (netuid storage index, epoch) through `read` (as in weights_path.hpp) and audits
// it. Errors: SubtensorError::unsupported_by_runtime when the runtime has no commits item; read and
// decode errors.
Result<std::vector<CommitAudit>> audit_stored_commits(const metadata::Metadata& md,
                                                      std::uint16_t netuid_index, std::uint64_t epoch,
                                                      const StorageRead& read, const PulseSignature& pulse);

}  // namespace bt::subtensor
