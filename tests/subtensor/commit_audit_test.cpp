// SPDX-License-Identifier: MIT
// Auditing stored timelocked commits: the stored queue layouts (round trip, bad input), and the audit of
// the tlref reference commits (tests/vectors/tlock) with their recorded round signatures standing in for
// drand pulses: opened with the payload, pending without a pulse, failed with a wrong pulse or a broken
// pulse read; through scripted storage on a runtime without the item, a typed refusal.
#include <bt/metadata/metadata.hpp>
#include <bt/subtensor/commit_audit.hpp>
#include <bt/subtensor/error.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/test_paths.hpp"

using namespace bt;
using namespace bt::subtensor;

namespace {
Bytes unhex(const std::string& s) { return from_hex(s).value(); }

struct Reference {
  std::vector<StoredCommit> commits;
  std::vector<Bytes> signatures;  // the round signature of each commit (cases share rounds, not beacons)
  std::vector<nlohmann::json> cases;
};
Reference reference() {
  const auto v =
      nlohmann::json::parse(bt::test::read_text_file(bt::test::vectors_dir() / "tlock" / "commits.json"));
  Reference r;
  std::uint64_t block = 100;
  for (const auto& c : v["cases"]) {
    StoredCommit s;
    s.who = crypto::AccountId32::from_hex(c["inputs"]["hotkey"].get<std::string>()).value();
    s.commit_block = block++;
    s.commit = unhex(c["commit_hex"]);
    s.reveal_round = c["inputs"]["round"].get<std::uint64_t>();
    r.signatures.push_back(unhex(c["round_signature"]));
    r.commits.push_back(std::move(s));
    r.cases.push_back(c);
  }
  return r;
}
}  // namespace

TEST_CASE("commit audit: stored queue layouts round-trip, bad bytes are typed errors", "[subtensor][audit]") {
  const Reference ref = reference();
  REQUIRE(ref.commits.size() >= 10);
  for (auto layout : {CommitsLayout::with_block, CommitsLayout::without_block}) {
    const Bytes enc = encode_stored_commits(ref.commits, layout);
    const auto back = decode_stored_commits(enc, layout);
    REQUIRE(back);
    REQUIRE(back->size() == ref.commits.size());
    for (std::size_t i = 0; i < back->size(); ++i) {
      CHECK((*back)[i].who == ref.commits[i].who);
      CHECK((*back)[i].commit == ref.commits[i].commit);
      CHECK((*back)[i].reveal_round == ref.commits[i].reveal_round);
      CHECK((*back)[i].commit_block ==
            (layout == CommitsLayout::with_block ? ref.commits[i].commit_block : std::nullopt));
    }
    CHECK_FALSE(decode_stored_commits(ByteView(enc).first(enc.size() - 1), layout));  // truncated
    Bytes extended = enc;
    extended.push_back(0);
    CHECK_FALSE(decode_stored_commits(extended, layout));  // trailing byte
  }
  // the first entry laid out by hand: compact(1), who, commit_block u64, compact(len) commit, round u64
  const StoredCommit one[1] = {ref.commits[0]};
  Bytes manual;
  manual.reserve(64 + one[0].commit.size());
  manual.push_back(0x04);
  manual.insert(manual.end(), one[0].who.begin(), one[0].who.end());
  for (int i = 0; i < 8; ++i) manual.push_back(static_cast<std::uint8_t>(*one[0].commit_block >> (8 * i)));
  const std::size_t n = one[0].commit.size();
  REQUIRE(n < 16384);
  manual.push_back(static_cast<std::uint8_t>(((n << 2) | 1) & 0xff));
  manual.push_back(static_cast<std::uint8_t>((n << 2) >> 8));
  manual.insert(manual.end(), one[0].commit.begin(), one[0].commit.end());
  for (int i = 0; i < 8; ++i) manual.push_back(static_cast<std::uint8_t>(one[0].reveal_round >> (8 * i)));
  CHECK(encode_stored_commits(one, CommitsLayout::with_block) == manual);
  // an entry count far beyond the input is an error, not an allocation
  const Bytes huge = {0xff, 0xff, 0xff, 0xff, 0x01};
  CHECK_FALSE(decode_stored_commits(huge, CommitsLayout::with_block));
  CHECK(decode_stored_commits(Bytes{0x00}, CommitsLayout::without_block).value().empty());
}

TEST_CASE("commit audit: reference commits open with their round's pulse", "[subtensor][audit]") {
  const Reference ref = reference();
  // one beacon per queue (the chain has one: quicknet), so each commit is audited with its own pulses;
  // c02..c05 have distinct rounds and go through one call together
  auto pulses_of = [&](std::size_t i) -> PulseSignature {
    return [&ref, i](std::uint64_t round) -> Result<std::optional<Bytes>> {
      if (round != ref.commits[i].reveal_round) return std::optional<Bytes>{};
      return std::optional<Bytes>(ref.signatures[i]);
    };
  };
  std::vector<CommitAudit> report;
  for (std::size_t i = 0; i < ref.commits.size(); ++i) {
    auto one = audit_commits(std::span<const StoredCommit>(&ref.commits[i], 1), pulses_of(i));
    REQUIRE(one.size() == 1);
    report.push_back(std::move(one[0]));
  }
  for (std::size_t i = 0; i < report.size(); ++i) {
    INFO(ref.cases[i]["id"].get<std::string>());
    REQUIRE(report[i].status == CommitAudit::Status::opened);
    REQUIRE(report[i].opened);
    CHECK(report[i].opened->accepted());
    CHECK(report[i].opened->uids == ref.cases[i]["inputs"]["uids"].get<std::vector<std::uint16_t>>());
    CHECK(report[i].opened->values == ref.cases[i]["inputs"]["values"].get<std::vector<std::uint16_t>>());
    CHECK(report[i].opened->version_key == ref.cases[i]["inputs"]["version_key"].get<std::uint64_t>());
  }
  const PulseSignature by_round = [&](std::uint64_t round) -> Result<std::optional<Bytes>> {
    for (std::size_t i = 2; i <= 5; ++i)
      if (ref.commits[i].reveal_round == round) return std::optional<Bytes>(ref.signatures[i]);
    return std::optional<Bytes>{};
  };
  const auto batch = audit_commits(std::span<const StoredCommit>(ref.commits).subspan(2, 4), by_round);
  REQUIRE(batch.size() == 4);
  for (const auto& a : batch) CHECK(a.status == CommitAudit::Status::opened);
  CHECK(std::string(commit_audit_status_name(report[0].status)) == "opened");

  // no pulse yet: pending; another round's pulse: failed with the timelock error; a read error: failed
  std::vector<StoredCommit> mixed = {ref.commits[2], ref.commits[3], ref.commits[4]};
  mixed[0].reveal_round = 999999999;  // no pulse recorded
  const PulseSignature odd = [&](std::uint64_t round) -> Result<std::optional<Bytes>> {
    if (round == 999999999) return std::optional<Bytes>{};
    if (round == ref.commits[3].reveal_round)
      return std::optional<Bytes>(ref.signatures[2]);  // another round's
    return fail(SubtensorError::invalid_argument, "pulse source down");
  };
  const auto m = audit_commits(mixed, odd);
  REQUIRE(m.size() == 3);
  CHECK(m[0].status == CommitAudit::Status::pending);
  CHECK_FALSE(m[0].opened);
  CHECK(m[1].status == CommitAudit::Status::failed);
  REQUIRE(m[1].error);
  CHECK(std::string(m[1].error->module()) != "bt.subtensor");
  CHECK(m[2].status == CommitAudit::Status::failed);
  REQUIRE(m[2].error);
  CHECK(*m[2].error == SubtensorError::invalid_argument);

  // a different committer than the payload's hotkey: opened but not accepted (subtensor skips it)
  std::vector<StoredCommit> other = {ref.commits[0]};
  other[0].who.data.fill(0x11);
  const auto o = audit_commits(other, pulses_of(0));
  REQUIRE(o[0].status == CommitAudit::Status::opened);
  CHECK_FALSE(o[0].opened->accepted());
}

TEST_CASE("commit audit: through storage, refused on runtimes without the item", "[subtensor][audit]") {
  const auto md =
      metadata::Metadata::decode(
          as_bytes(bt::test::read_text_file(bt::test::vectors_dir() / "metadata" / "raonet_v15.scale")))
          .value();
  CHECK_FALSE(commits_item(md));
  const StorageRead read = [](const Bytes&) -> Result<std::optional<Bytes>> {
    return std::optional<Bytes>{};
  };
  const PulseSignature none = [](std::uint64_t) -> Result<std::optional<Bytes>> {
    return std::optional<Bytes>{};
  };
  const auto r = audit_stored_commits(md, 1, 5, read, none);
  REQUIRE_FALSE(r);
  CHECK(r.error() == SubtensorError::unsupported_by_runtime);
}
