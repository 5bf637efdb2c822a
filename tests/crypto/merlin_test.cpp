// SPDX-License-Identifier: MIT
// merlin transcripts (private lib/crypto/merlin.hpp). The fixed vector is the merlin crate's
// "equivalence_simple" test value; schnorrkel compatibility (sr25519_test / interop) covers the rest.
#include "../../lib/crypto/merlin.hpp"

#include <bt/bytes.hpp>
#include <catch2/catch.hpp>

using bt::crypto::detail::Transcript;

namespace {
std::string challenge_hex(Transcript& t, std::string_view label, std::size_t n) {
  bt::Bytes out(n);
  t.challenge_bytes(label, out);
  return bt::to_hex(out, false);
}
}  // namespace

TEST_CASE("merlin equivalence_simple vector", "[crypto][merlin][vectors]") {
  Transcript t("test protocol");
  t.append_message("some label", bt::as_bytes("some data"));
  CHECK(challenge_hex(t, "challenge", 32) ==
        "d5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615");
}

TEST_CASE("merlin transcripts are deterministic and label/data sensitive", "[crypto][merlin]") {
  auto run = [](std::string_view proto, std::string_view label, std::string_view data) {
    Transcript t(proto);
    t.append_message(label, bt::as_bytes(data));
    t.append_u64("n", 42);
    return challenge_hex(t, "c", 64);
  };
  const std::string base = run("p", "l", "d");
  CHECK(base == run("p", "l", "d"));
  CHECK(base != run("q", "l", "d"));
  CHECK(base != run("p", "m", "d"));
  CHECK(base != run("p", "l", "e"));
  // The message length is framed: moving a byte between label and data changes the result.
  CHECK(run("p", "ab", "c") != run("p", "a", "bc"));

  // Long messages cross the STROBE rate (166 bytes) many times; successive challenges differ.
  Transcript t("test protocol");
  bt::Bytes big(1024, 99);
  std::string prev;
  for (int i = 0; i < 8; ++i) {
    const std::string c = challenge_hex(t, "challenge", 32);
    CHECK(c != prev);
    prev = c;
    t.append_message("bigdata", big);
  }
}

TEST_CASE("merlin append_u64 is append_message of 8 LE bytes", "[crypto][merlin]") {
  Transcript a("proto"), b("proto");
  a.append_u64("x", 0x0102030405060708ULL);
  const std::uint8_t le[8] = {8, 7, 6, 5, 4, 3, 2, 1};
  b.append_message("x", le);
  CHECK(challenge_hex(a, "c", 32) == challenge_hex(b, "c", 32));
}

TEST_CASE("merlin transcript rng is bound to transcript, witness and randomness", "[crypto][merlin]") {
  // Same shape as the merlin crate's transcript_rng_is_bound_to_transcript_and_witnesses test.
  auto draw = [](std::string_view commitment, std::string_view witness, std::uint8_t rnd) {
    Transcript t("test TranscriptRng collisions");
    t.append_message("com", bt::as_bytes(commitment));
    std::array<std::uint8_t, 32> random{};
    random.fill(rnd);
    auto builder = t.build_rng();
    builder.rekey_with_witness_bytes("witness", bt::as_bytes(witness));
    auto rng = builder.finalize(random);
    bt::Bytes out(64);
    rng.fill_bytes(out);
    return bt::to_hex(out);
  };
  const auto s1 = draw("commitment data 1", "witness data 1", 0);
  const auto s2 = draw("commitment data 2", "witness data 1", 0);
  const auto s3 = draw("commitment data 2", "witness data 2", 0);
  const auto s4 = draw("commitment data 2", "witness data 2", 0);
  CHECK(s1 != s2);
  CHECK(s1 != s3);
  CHECK(s2 != s3);
  CHECK(s3 == s4);
  CHECK(s3 != draw("commitment data 2", "witness data 2", 1));
  // build_rng() does not disturb the transcript itself.
  Transcript t1("p"), t2("p");
  (void)t1.build_rng();
  CHECK(challenge_hex(t1, "c", 32) == challenge_hex(t2, "c", 32));
}
