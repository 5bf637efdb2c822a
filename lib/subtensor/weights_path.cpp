// SPDX-License-Identifier: MIT
#include <bt/subtensor/weights_path.hpp>

#include <bt/crypto/timelock.hpp>
#include <bt/metadata/calls.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metadata/value.hpp>
#include <bt/scale/codec.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/error.hpp>
#include <bt/subtensor/timelock_commit.hpp>

#include <algorithm>

// lhs = the value of a Result expression, or return its error.
#define BT_TRY_SET(lhs, expr)         \
  do {                                \
    BT_TRY(auto bt_try_set_v_, expr); \
    lhs = std::move(bt_try_set_v_);   \
  } while (0)

namespace bt::subtensor {
namespace {
using metadata::Value;
constexpr std::string_view kPallet = "SubtensorModule";
// CommitRevealWeightsVersion when the runtime has the CRv4 call but not the item (its default today)
constexpr std::uint16_t kDefaultCommitRevealVersion = 4;

bool has_call(const metadata::Metadata& md, const metadata::Pallet* p, std::string_view name) {
  if (!p) return false;
  const auto& calls = md.calls(*p);
  return std::any_of(calls.begin(), calls.end(), [&](const auto& v) { return v.name == name; });
}

// The item's value for `keys`: the stored bytes decoded, the metadata default when absent, nullopt
// when the runtime has no such item (or it is an Optional item and absent).
Result<std::optional<Value>> read_item(const metadata::Metadata& md, std::string_view item,
                                       std::span<const Value> keys, const StorageRead& read) {
  if (!md.storage_entry(kPallet, item)) return std::optional<Value>{};
  BT_TRY(Bytes key, metadata::storage_key(md, kPallet, item, keys));
  BT_TRY(std::optional<Bytes> raw, read(key));
  if (!raw) return metadata::storage_default(md, kPallet, item);
  BT_TRY(Value v, metadata::decode_storage_value(md, kPallet, item, *raw));
  return std::optional<Value>(std::move(v));
}

Value u16_seq(const std::vector<std::uint16_t>& v) {
  std::vector<Value> items;
  items.reserve(v.size());
  for (auto x : v) items.push_back(Value::u(x));
  return Value::sequence(std::move(items));
}

Result<std::uint64_t> as_u64(const Value& v) {
  if (v.is(metadata::ValueKind::Bool)) return std::uint64_t{v.as_bool() ? 1u : 0u};
  return v.to_u64();
}
}  // namespace

WeightsRuntime weights_runtime(const metadata::Metadata& md) {
  const metadata::Pallet* p = md.pallet(kPallet);
  WeightsRuntime rt;
  rt.set_weights = has_call(md, p, "set_weights");
  rt.set_mechanism_weights = has_call(md, p, "set_mechanism_weights");
  rt.commit_weights = has_call(md, p, "commit_weights");
  rt.commit_crv3_weights = has_call(md, p, "commit_crv3_weights");
  rt.commit_crv3_mechanism_weights = has_call(md, p, "commit_crv3_mechanism_weights");
  rt.commit_timelocked_weights = has_call(md, p, "commit_timelocked_weights");
  rt.commit_timelocked_mechanism_weights = has_call(md, p, "commit_timelocked_mechanism_weights");
  rt.commit_reveal_weights_enabled_item = md.storage_entry(kPallet, "CommitRevealWeightsEnabled") != nullptr;
  rt.commit_reveal_weights_version_item = md.storage_entry(kPallet, "CommitRevealWeightsVersion") != nullptr;
  return rt;
}

Result<WeightsChainState> read_weights_chain_state(const metadata::Metadata& md, std::uint16_t netuid,
                                                   std::uint64_t current_block, const StorageRead& read) {
  WeightsChainState st;
  st.current_block = current_block;
  const Value key[1] = {Value::u(netuid)};
  BT_TRY(auto enabled, read_item(md, "CommitRevealWeightsEnabled", key, read));
  if (enabled) {
    BT_TRY(std::uint64_t e, as_u64(*enabled));
    st.commit_reveal_enabled = e != 0;
  }
  BT_TRY(auto period, read_item(md, "RevealPeriodEpochs", key, read));
  if (period) BT_TRY_SET(st.reveal_period_epochs, as_u64(*period));
  BT_TRY(auto tempo, read_item(md, "Tempo", key, read));
  if (tempo) BT_TRY_SET(st.tempo, as_u64(*tempo));
  BT_TRY(auto version, read_item(md, "CommitRevealWeightsVersion", {}, read));
  if (version) {
    BT_TRY(std::uint64_t v, as_u64(*version));
    if (v > 0xffff) return fail(SubtensorError::invalid_argument, "CommitRevealWeightsVersion above u16");
    st.commit_reveal_version = static_cast<std::uint16_t>(v);
  }
  return st;
}

const char* weights_path_name(WeightsPath p) noexcept {
  switch (p) {
    case WeightsPath::set_weights:
      return "set_weights";
    case WeightsPath::set_mechanism_weights:
      return "set_mechanism_weights";
    case WeightsPath::commit_timelocked_mechanism_weights:
      return "commit_timelocked_mechanism_weights";
    case WeightsPath::commit_timelocked_weights:
      return "commit_timelocked_weights";
    case WeightsPath::commit_crv3_mechanism_weights:
      return "commit_crv3_mechanism_weights";
    case WeightsPath::commit_crv3_weights:
      return "commit_crv3_weights";
  }
  return "?";
}

Result<WeightsPath> choose_weights_path(const WeightsRuntime& rt, const WeightsChainState& st,
                                        std::uint8_t mecid) {
  if (!st.commit_reveal_enabled) {
    if (rt.set_mechanism_weights && (mecid > 0 || !rt.set_weights)) return WeightsPath::set_mechanism_weights;
    if (mecid == 0 && rt.set_weights) return WeightsPath::set_weights;
    return fail(SubtensorError::unsupported_by_runtime, "no set_weights call for this mechanism");
  }
  // the SDK uses the mechanism call for every mecid (mecid 0 = the main mechanism)
  if (rt.commit_timelocked_mechanism_weights) return WeightsPath::commit_timelocked_mechanism_weights;
  if (rt.commit_timelocked_weights && mecid == 0) return WeightsPath::commit_timelocked_weights;
  if (rt.commit_crv3_mechanism_weights) return WeightsPath::commit_crv3_mechanism_weights;
  if (rt.commit_crv3_weights && mecid == 0) return WeightsPath::commit_crv3_weights;
  if (rt.commit_weights)
    return fail(SubtensorError::unsupported_by_runtime,
                "commit-reveal is enabled and the runtime has only hash commit-reveal (commit_weights / "
                "reveal_weights), not timelocked commits");
  return fail(SubtensorError::unsupported_by_runtime,
              "commit-reveal is enabled and the runtime has no commit call");
}

Result<TimelockedCommit> build_weights_commit(WeightsPath path, const WeightsChainState& st,
                                              const WeightsRequest& req) {
  const auto& w = req.weights;
  if (w.uids.size() != w.weights.size()) return fail(SubtensorError::length_mismatch);
  if (path == WeightsPath::set_weights || path == WeightsPath::set_mechanism_weights)
    return fail(SubtensorError::invalid_argument, "not a commit path");
  const RevealRoundInputs when{
      st.current_block, static_cast<std::uint16_t>(std::uint32_t{req.mecid} * 4096u + req.netuid),
      st.tempo,         st.reveal_period_epochs,
      req.block_time,   req.now};
  if (path == WeightsPath::commit_crv3_mechanism_weights || path == WeightsPath::commit_crv3_weights) {
    // CRv3 runtimes decode the payload without the hotkey
    const LegacyWeightsTlockPayload payload{w.uids, w.weights, req.version_key};
    TimelockedCommit c;
    c.reveal_round = compute_reveal_round(when).reveal_round;
    BT_TRY_SET(c.commit,
               crypto::timelock::encrypt(req.beacon_public_key, c.reveal_round, scale::encode(payload)));
    return c;
  }
  return generate_commit(w.uids, w.weights, req.version_key, when, req.hotkey, req.beacon_public_key);
}

Result<WeightsCallPlan> build_weights_call(const metadata::Metadata& md, const WeightsChainState& st,
                                           const WeightsRequest& req) {
  const auto& w = req.weights;
  if (w.uids.size() != w.weights.size()) return fail(SubtensorError::length_mismatch);
  WeightsCallPlan plan;
  BT_TRY_SET(plan.path, choose_weights_path(weights_runtime(md), st, req.mecid));
  switch (plan.path) {
    case WeightsPath::set_weights:
      BT_TRY_SET(plan.call, set_weights_call(md, req.netuid, w, req.version_key));
      return plan;
    case WeightsPath::set_mechanism_weights:
      BT_TRY_SET(plan.call,
                 metadata::encode_call(md, kPallet, "set_mechanism_weights",
                                       Value::composite({{"netuid", Value::u(req.netuid)},
                                                         {"mecid", Value::u(req.mecid)},
                                                         {"dests", u16_seq(w.uids)},
                                                         {"weights", u16_seq(w.weights)},
                                                         {"version_key", Value::u(req.version_key)}})));
      return plan;
    default:
      break;
  }
  BT_TRY(TimelockedCommit c, build_weights_commit(plan.path, st, req));
  plan.commit = std::move(c.commit);
  plan.reveal_round = c.reveal_round;
  const std::uint16_t version = st.commit_reveal_version.value_or(kDefaultCommitRevealVersion);
  switch (plan.path) {
    case WeightsPath::commit_timelocked_mechanism_weights:
      BT_TRY_SET(plan.call, commit_timelocked_mechanism_weights_call(md, req.netuid, req.mecid, plan.commit,
                                                                     plan.reveal_round, version));
      break;
    case WeightsPath::commit_timelocked_weights:
      BT_TRY_SET(plan.call,
                 commit_timelocked_weights_call(md, req.netuid, plan.commit, plan.reveal_round, version));
      break;
    case WeightsPath::commit_crv3_mechanism_weights:
      BT_TRY_SET(plan.call, commit_crv3_mechanism_weights_call(md, req.netuid, req.mecid, plan.commit,
                                                               plan.reveal_round));
      break;
    default:  // commit_crv3_weights
      BT_TRY_SET(plan.call,
                 metadata::encode_call(md, kPallet, "commit_crv3_weights",
                                       Value::composite({{"netuid", Value::u(req.netuid)},
                                                         {"commit", Value::bytes(plan.commit)},
                                                         {"reveal_round", Value::u(plan.reveal_round)}})));
      break;
  }
  return plan;
}

}  // namespace bt::subtensor
