// SPDX-License-Identifier: MIT
#include <bt/subtensor/commit_audit.hpp>

#include <bt/metadata/storage.hpp>
#include <bt/metadata/value.hpp>
#include <bt/scale/codec.hpp>
#include <bt/subtensor/error.hpp>

namespace bt::subtensor {
namespace {
// The two tuple shapes of the stored queues.
struct WithBlock {
  crypto::AccountId32 who;
  std::uint64_t commit_block = 0;
  Bytes commit;
  std::uint64_t reveal_round = 0;
  BT_SCALE_FIELDS(who, commit_block, commit, reveal_round)
};
struct WithoutBlock {
  crypto::AccountId32 who;
  Bytes commit;
  std::uint64_t reveal_round = 0;
  BT_SCALE_FIELDS(who, commit, reveal_round)
};
}  // namespace

Result<std::vector<StoredCommit>> decode_stored_commits(ByteView value, CommitsLayout layout) {
  std::vector<StoredCommit> out;
  if (layout == CommitsLayout::with_block) {
    BT_TRY(auto entries, scale::decode<std::vector<WithBlock>>(value));
    for (auto& e : entries) out.push_back({e.who, e.commit_block, std::move(e.commit), e.reveal_round});
  } else {
    BT_TRY(auto entries, scale::decode<std::vector<WithoutBlock>>(value));
    for (auto& e : entries) out.push_back({e.who, std::nullopt, std::move(e.commit), e.reveal_round});
  }
  return out;
}

Bytes encode_stored_commits(std::span<const StoredCommit> commits, CommitsLayout layout) {
  if (layout == CommitsLayout::with_block) {
    std::vector<WithBlock> v;
    for (const auto& c : commits) v.push_back({c.who, c.commit_block.value_or(0), c.commit, c.reveal_round});
    return scale::encode(v);
  }
  std::vector<WithoutBlock> v;
  for (const auto& c : commits) v.push_back({c.who, c.commit, c.reveal_round});
  return scale::encode(v);
}

std::optional<CommitsItem> commits_item(const metadata::Metadata& md) {
  for (const char* name : {"TimelockedWeightCommits", "CRV3WeightCommitsV2"})
    if (md.storage_entry("SubtensorModule", name)) return CommitsItem{name, CommitsLayout::with_block};
  if (md.storage_entry("SubtensorModule", "CRV3WeightCommits"))
    return CommitsItem{"CRV3WeightCommits", CommitsLayout::without_block};
  return std::nullopt;
}

const char* commit_audit_status_name(CommitAudit::Status s) noexcept {
  switch (s) {
    case CommitAudit::Status::pending:
      return "pending";
    case CommitAudit::Status::opened:
      return "opened";
    case CommitAudit::Status::failed:
      return "failed";
  }
  return "?";
}

std::vector<CommitAudit> audit_commits(std::span<const StoredCommit> commits, const PulseSignature& pulse) {
  std::vector<CommitAudit> out;
  out.reserve(commits.size());
  for (const auto& c : commits) {
    CommitAudit a;
    a.stored = c;
    auto sig = pulse(c.reveal_round);
    if (!sig) {
      a.status = CommitAudit::Status::failed;
      a.error = sig.error();
    } else if (*sig) {
      auto opened = open_commit(c.commit, **sig, c.who);
      if (opened) {
        a.status = CommitAudit::Status::opened;
        a.opened = std::move(*opened);
      } else {
        a.status = CommitAudit::Status::failed;
        a.error = opened.error();
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<CommitAudit>> audit_stored_commits(const metadata::Metadata& md,
                                                      std::uint16_t netuid_index, std::uint64_t epoch,
                                                      const StorageRead& read, const PulseSignature& pulse) {
  const auto item = commits_item(md);
  if (!item) return fail(SubtensorError::unsupported_by_runtime, "the runtime stores no timelocked commits");
  const metadata::Value keys[2] = {metadata::Value::u(netuid_index), metadata::Value::u(epoch)};
  BT_TRY(Bytes key, metadata::storage_key(md, "SubtensorModule", item->name, keys));
  BT_TRY(std::optional<Bytes> raw, read(key));
  if (!raw) return std::vector<CommitAudit>{};  // ValueQuery: absent = empty queue
  BT_TRY(auto commits, decode_stored_commits(*raw, item->layout));
  auto report = audit_commits(commits, pulse);
  for (auto& a : report) a.epoch = epoch;
  return report;
}

}  // namespace bt::subtensor
