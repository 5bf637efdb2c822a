// SPDX-License-Identifier: MIT
// convert_weights_and_uids_for_emit against bittensor's Python behaviour, commit hash layout, and the
// SubtensorModule call builders against the raonet (spec 218) metadata.
#include <bt/crypto/hashing.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/metadata/calls.hpp>
#include <bt/scale/encoder.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/weights.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "support/test_paths.hpp"

using namespace bt::subtensor;
using bt::Bytes;
using bt::metadata::Metadata;

namespace {
const Metadata& md() {
  static Metadata m = [] {
    std::string s = bt::test::read_text_file(bt::test::vectors_dir() / "metadata" / "raonet_v14.scale");
    return Metadata::decode(bt::as_bytes(s)).value();
  }();
  return m;
}
EmitWeights emit(std::vector<std::int64_t> uids, std::vector<float> w) {
  return convert_weights_and_uids_for_emit(std::span<const std::int64_t>(uids), std::span<const float>(w))
      .value();
}
}  // namespace

TEST_CASE("weights: round half to even like Python round()") {
  CHECK(round_half_even(0.5) == 0);
  CHECK(round_half_even(1.5) == 2);
  CHECK(round_half_even(2.5) == 2);
  CHECK(round_half_even(3.5) == 4);
  CHECK(round_half_even(2.4999999999999996) == 2);
  CHECK(round_half_even(2.5000000000000004) == 3);
  CHECK(round_half_even(65534.5) == 65534);
  CHECK(round_half_even(65535.0) == 65535);
  CHECK(round_half_even(0.0) == 0);
}

TEST_CASE("weights: convert_weights_and_uids_for_emit matches bittensor") {
  // Values computed with bittensor's algorithm in Python:
  //   w = np.array(ws, dtype=np.float32).tolist(); m = max(w); [round(x / m * 65535) for x in w]
  CHECK(emit({0, 1, 2}, {0.5f, 0.25f, 0.0f}) == EmitWeights{{0, 1}, {65535, 32768}});  // 32767.5 -> 32768
  CHECK(emit({3, 7}, {1.0f, 1.0f}) == EmitWeights{{3, 7}, {65535, 65535}});
  CHECK(emit({0, 1}, {0.0f, 0.0f}) == EmitWeights{});
  // 0.1f widened to double is 0.10000000149011612; / 0.30000001192092896 * 65535
  CHECK(emit({0, 1, 2}, {0.1f, 0.2f, 0.3f}) == EmitWeights{{0, 1, 2}, {21845, 43690, 65535}});
  // tiny weights round to 0 and are dropped
  CHECK(emit({0, 1, 2}, {1.0f, 0.000007f, 0.000008f}) == EmitWeights{{0, 2}, {65535, 1}});
  // a tie exactly at .5: 1/65535*0.5 style -> w/m*65535 == 0.5 -> round to 0 (even), dropped
  std::vector<std::int64_t> u2{0, 1};
  std::vector<double> w2{65535.0, 0.5};
  CHECK(convert_weights_and_uids_for_emit(std::span<const std::int64_t>(u2), std::span<const double>(w2))
            .value() == EmitWeights{{0}, {65535}});
  std::vector<double> w3{65535.0, 1.5};
  CHECK(convert_weights_and_uids_for_emit(std::span<const std::int64_t>(u2), std::span<const double>(w3))
            .value() == EmitWeights{{0, 1}, {65535, 2}});
  // float32 widening matters: 1/3 as float32 vs as double
  std::vector<float> wf{1.0f / 3.0f, 1.0f};
  std::vector<double> wd{1.0 / 3.0, 1.0};
  auto rf = convert_weights_and_uids_for_emit(std::span<const std::int64_t>(u2), std::span<const float>(wf))
                .value();
  auto rd = convert_weights_and_uids_for_emit(std::span<const std::int64_t>(u2), std::span<const double>(wd))
                .value();
  CHECK(rf.weights[0] == 21845);  // 0.3333333432674408 * 65535 = 21845.0006...
  CHECK(rd.weights[0] == 21845);
}

TEST_CASE("weights: bad input") {
  auto conv = [](std::vector<std::int64_t> u, std::vector<float> w) {
    return convert_weights_and_uids_for_emit(std::span<const std::int64_t>(u), std::span<const float>(w));
  };
  CHECK(conv({0, 1}, {1.0f, -0.1f}).error() == SubtensorError::negative_weight);
  CHECK(conv({0, -1}, {1.0f, 0.1f}).error() == SubtensorError::negative_uid);
  CHECK(conv({0, 70000}, {1.0f, 0.1f}).error() == SubtensorError::uid_out_of_range);
  CHECK(conv({0, 1, 2}, {1.0f, 0.1f}).error() == SubtensorError::length_mismatch);
  CHECK(conv({}, {}).error() == SubtensorError::empty_input);
  CHECK(conv({0}, {std::numeric_limits<float>::quiet_NaN()}).error() == SubtensorError::non_finite_weight);
  CHECK(conv({0}, {std::numeric_limits<float>::infinity()}).error() == SubtensorError::non_finite_weight);
  // negative weight is reported before a length mismatch, as in bittensor
  CHECK(conv({0}, {1.0f, -1.0f}).error() == SubtensorError::negative_weight);
}

TEST_CASE("weights: commit hash is blake2b-256 of the SCALE tuple") {
  auto hotkey = bt::crypto::Keypair::from_uri("//Alice").value().account_id();
  std::vector<std::uint16_t> uids{0, 1}, vals{65535, 100}, salt{1, 2, 3};
  Bytes pre = hotkey.to_bytes();
  for (std::uint8_t b : Bytes{0x05, 0x00,                                    // netuid_index 5
                              0x08, 0x00, 0x00, 0x01, 0x00,                  // Vec<u16> [0, 1]
                              0x08, 0xff, 0xff, 0x64, 0x00,                  // Vec<u16> [65535, 100]
                              0x0c, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00,      // salt
                              0x07, 0,    0,    0,    0,    0,    0,    0})  // version_key 7
    pre.push_back(b);
  CHECK(commit_weights_hash(hotkey, 5, uids, vals, salt, 7) == bt::crypto::blake2b_256(pre));
  CHECK(commit_weights_hash(hotkey, 5, uids, vals, salt, 8) != bt::crypto::blake2b_256(pre));
}

TEST_CASE("calls: SubtensorModule builders encode with the runtime's indices") {
  const auto* p = md().pallet("SubtensorModule");
  REQUIRE(p);
  auto sw = set_weights_call(md(), 3, EmitWeights{{0, 1}, {65535, 2}}, 9).value();
  const auto* v = md().call("SubtensorModule", "set_weights");
  Bytes expect{p->index, v->index, 0x03, 0x00, 0x08, 0x00, 0x00, 0x01, 0x00, 0x08, 0xff,
               0xff,     0x02,     0x00, 9,    0,    0,    0,    0,    0,    0,    0};
  CHECK(sw == expect);
  auto dec = bt::metadata::decode_call(md(), sw).value();
  CHECK(dec.call == "set_weights");

  auto alice = bt::crypto::Keypair::from_uri("//Alice").value().account_id();
  for (auto r : {add_stake_call(md(), alice, 1, 1000), remove_stake_call(md(), alice, 1, 1000),
                 burned_register_call(md(), 1, alice), commit_weights_call(md(), 1, bt::Hash256{}),
                 serve_axon_call(md(), 1, AxonParams{1, 0x7f000001, 8091, 4, 4, 0, 0}),
                 reveal_weights_call(md(), 1, EmitWeights{{0}, {1}}, std::vector<std::uint16_t>{1}, 0),
                 transfer_keep_alive_call(md(), alice, 5)}) {
    REQUIRE(r);
    CHECK(bt::metadata::decode_call(md(), *r));
  }
  auto br = bt::metadata::decode_call(md(), burned_register_call(md(), 7, alice).value()).value();
  CHECK(br.call == "burned_register");
  CHECK(br.args.field("netuid")->to_u64().value() == 7);
  const bt::metadata::Value* hk = br.args.field("hotkey");
  REQUIRE(hk);
  CHECK((hk->is(bt::metadata::ValueKind::Bytes) ? *hk : hk->items().at(0)).as_bytes() == alice.to_bytes());
  auto ax = bt::metadata::decode_call(
                md(), serve_axon_call(md(), 1, AxonParams{1, 0x7f000001, 8091, 4, 4, 0, 0}).value())
                .value();
  CHECK(ax.args.field("port")->to_u64().value() == 8091);
}
