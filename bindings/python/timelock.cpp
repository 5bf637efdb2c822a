// SPDX-License-Identifier: MIT
// bittensor_cpp.timelock: timelocked weight commits (CRv3/CRv4) without Rust, drop-in for
// bittensor_drand.get_encrypted_commit, plus decryption/auditing and drand beacon verification.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <bt/crypto/bls12_381.hpp>
#include <bt/crypto/bls12_381_hash.hpp>
#include <bt/crypto/drand.hpp>
#include <bt/crypto/timelock.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/subtensor/commit_audit.hpp>
#include <bt/subtensor/drand_pulse.hpp>
#include <bt/subtensor/timelock_commit.hpp>
#include <bt/subtensor/weights_path.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "commit_audit_dict.hpp"
#include "convert.hpp"
#include "errors.hpp"

namespace py = pybind11;
namespace tl = bt::crypto::timelock;
namespace drand = bt::crypto::drand;
using namespace bt::subtensor;

namespace {
py::bytes pyb(bt::ByteView b) { return py::bytes(reinterpret_cast<const char*>(b.data()), b.size()); }

// Bytes-like arguments (bytes, bytearray, memoryview; see convert.hpp) and the 32-byte hotkey
// (also 0x hex or an SS58 address).
using bt::py::bytes_arg;

std::vector<std::uint16_t> u16_list(const std::vector<std::int64_t>& v, const char* what) {
  std::vector<std::uint16_t> out;
  out.reserve(v.size());
  for (auto x : v) {
    if (x < 0 || x > 0xffff) throw py::value_error(std::string(what) + " must be in 0..65535");
    out.push_back(static_cast<std::uint16_t>(x));
  }
  return out;
}

double wall_clock_seconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

bt::crypto::AccountId32 hotkey_arg(const py::object& b) {
  return bt::py::tagged_arg<bt::crypto::AccountId32>(b, "hotkey");
}
}  // namespace

void init_timelock(py::module_& m) {
  py::module_ t = m.def_submodule(
      "timelock",
      "Timelocked weight commits (tle/bittensor-drand compatible) and drand quicknet beacon checks.");

  t.def(
      "get_encrypted_commit",
      [](const std::vector<std::int64_t>& uids, const std::vector<std::int64_t>& weights,
         std::uint64_t version_key, std::uint64_t tempo, std::uint64_t current_block, std::uint16_t netuid,
         std::uint64_t subnet_reveal_period_epochs, double block_time, const py::object& hotkey,
         std::optional<double> now, std::optional<py::object> public_key) {
        const auto u = u16_list(uids, "uids");
        const auto w = u16_list(weights, "weights");
        if (u.size() != w.size()) throw py::value_error("uids and weights differ in length");
        const RevealRoundInputs when{current_block, netuid,
                                     tempo,         subnet_reveal_period_epochs,
                                     block_time,    now ? *now : wall_clock_seconds()};
        const bt::Bytes pk =
            public_key ? bytes_arg(*public_key)
                       : bt::Bytes(drand::quicknet_public_key().begin(), drand::quicknet_public_key().end());
        auto c = bt::py::unwrap(generate_commit(u, w, version_key, when, hotkey_arg(hotkey), pk));
        return py::make_tuple(pyb(c.commit), c.reveal_round);
      },
      py::arg("uids"), py::arg("weights"), py::arg("version_key"), py::arg("tempo"), py::arg("current_block"),
      py::arg("netuid"), py::arg("subnet_reveal_period_epochs"), py::arg("block_time"), py::arg("hotkey"),
      py::kw_only(), py::arg("now") = py::none(), py::arg("public_key") = py::none(),
      "Same arguments and result as bittensor_drand.get_encrypted_commit: (commit bytes, reveal round).\n"
      "uids/weights are the u16 values (after convert_weights_and_uids_for_emit); netuid is the storage\n"
      "index mechid*4096+netuid. Keyword-only extras: now (Unix seconds, default the wall clock) and\n"
      "public_key (96-byte beacon key, default drand quicknet).");

  // ---- set_weights vs timelocked commit (bt/subtensor/weights_path.hpp) ----
  auto state_from = [](bool enabled, std::uint64_t period, std::optional<std::uint16_t> version,
                       std::uint64_t tempo, std::uint64_t block) {
    WeightsChainState st;
    st.commit_reveal_enabled = enabled;
    st.reveal_period_epochs = period;
    st.commit_reveal_version = version;
    st.tempo = tempo;
    st.current_block = block;
    return st;
  };
  t.def(
      "choose_weights_path",
      [](const bt::metadata::Metadata& md, bool commit_reveal_enabled, std::uint8_t mecid) {
        WeightsChainState st;
        st.commit_reveal_enabled = commit_reveal_enabled;
        return std::string(
            weights_path_name(bt::py::unwrap(choose_weights_path(weights_runtime(md), st, mecid))));
      },
      py::arg("metadata"), py::arg("commit_reveal_enabled"), py::arg("mecid") = 0,
      "The call that sets weights on this runtime: 'set_weights', 'set_mechanism_weights',\n"
      "'commit_timelocked_mechanism_weights', 'commit_timelocked_weights', 'commit_crv3_mechanism_weights'\n"
      "or 'commit_crv3_weights'. Raises SubtensorError (unsupported_by_runtime) when none fits.");
  t.def(
      "read_weights_chain_state",
      [](const bt::metadata::Metadata& md, std::uint16_t netuid, std::uint64_t current_block,
         const py::function& read) {
        const StorageRead reader = [&read](const bt::Bytes& key) -> bt::Result<std::optional<bt::Bytes>> {
          py::object v = read(pyb(key));
          if (v.is_none()) return std::optional<bt::Bytes>{};
          return std::optional<bt::Bytes>(bytes_arg(v));
        };
        const auto st = bt::py::unwrap(read_weights_chain_state(md, netuid, current_block, reader));
        py::dict d;
        d["commit_reveal_enabled"] = st.commit_reveal_enabled;
        d["reveal_period_epochs"] = st.reveal_period_epochs;
        d["commit_reveal_version"] = st.commit_reveal_version
                                         ? py::object(py::int_(*st.commit_reveal_version))
                                         : py::object(py::none());
        d["tempo"] = st.tempo;
        d["current_block"] = st.current_block;
        return d;
      },
      py::arg("metadata"), py::arg("netuid"), py::arg("current_block"), py::arg("read"),
      "CommitRevealWeightsEnabled, RevealPeriodEpochs, Tempo (of netuid) and CommitRevealWeightsVersion,\n"
      "read through read(key: bytes) -> bytes | None (the raw storage value, None when absent).");
  t.def(
      "build_weights_call",
      [state_from](
          const bt::metadata::Metadata& md, std::uint16_t netuid, const std::vector<std::int64_t>& uids,
          const std::vector<std::int64_t>& weights, std::uint64_t version_key, const py::object& hotkey,
          bool commit_reveal_enabled, std::uint64_t current_block, std::uint64_t reveal_period_epochs,
          std::optional<std::uint16_t> commit_reveal_version, std::uint64_t tempo, std::uint8_t mecid,
          std::optional<double> now, double block_time, std::optional<py::object> public_key) {
        WeightsRequest req;
        req.netuid = netuid;
        req.mecid = mecid;
        req.weights.uids = u16_list(uids, "uids");
        req.weights.weights = u16_list(weights, "weights");
        req.version_key = version_key;
        req.hotkey = hotkey_arg(hotkey);
        req.now = now ? *now : wall_clock_seconds();
        req.block_time = block_time;
        const bt::Bytes pk = public_key ? bytes_arg(*public_key) : bt::Bytes{};
        if (public_key) req.beacon_public_key = pk;
        const auto st = state_from(commit_reveal_enabled, reveal_period_epochs, commit_reveal_version, tempo,
                                   current_block);
        auto plan = bt::py::unwrap(build_weights_call(md, st, req));
        py::dict d;
        d["path"] = std::string(weights_path_name(plan.path));
        d["call"] = pyb(plan.call);
        d["commit"] = plan.commit.empty() ? py::object(py::none()) : py::object(pyb(plan.commit));
        d["reveal_round"] = plan.reveal_round;
        return d;
      },
      py::arg("metadata"), py::arg("netuid"), py::arg("uids"), py::arg("weights"), py::arg("version_key"),
      py::arg("hotkey"), py::kw_only(), py::arg("commit_reveal_enabled"), py::arg("current_block"),
      py::arg("reveal_period_epochs") = 1, py::arg("commit_reveal_version") = py::none(),
      py::arg("tempo") = 360, py::arg("mecid") = 0, py::arg("now") = py::none(), py::arg("block_time") = 12.0,
      py::arg("public_key") = py::none(),
      "set_weights or the timelocked commit, whichever the runtime and the chain state call for:\n"
      "{'path', 'call' (RuntimeCall bytes), 'commit' (None for set_weights), 'reveal_round'}.");

  // ---- auditing stored commits (bt/subtensor/commit_audit.hpp) ----
  auto layout_arg = [](const std::string& l) {
    if (l == "with_block") return CommitsLayout::with_block;
    if (l == "without_block") return CommitsLayout::without_block;
    throw py::value_error("layout must be 'with_block' or 'without_block'");
  };
  t.def(
      "decode_stored_commits",
      [layout_arg](const py::object& value, const std::string& layout) {
        py::list out;
        for (const auto& c : bt::py::unwrap(decode_stored_commits(bytes_arg(value), layout_arg(layout))))
          out.append(bt::py::stored_commit_dict(c));
        return out;
      },
      py::arg("value"), py::arg("layout") = "with_block",
      "Decodes a stored commit queue: TimelockedWeightCommits / CRV3WeightCommitsV2 ('with_block': who,\n"
      "commit_block, commit, reveal_round) or CRV3WeightCommits ('without_block'). Returns a list of dicts.");
  t.def(
      "audit_commits",
      [](const py::list& commits, const py::function& pulse) {
        std::vector<StoredCommit> in;
        for (const auto& item : commits) {
          const py::dict d = item.cast<py::dict>();
          StoredCommit c;
          c.who = hotkey_arg(d["who"]);
          if (d.contains("commit_block") && !d["commit_block"].is_none())
            c.commit_block = d["commit_block"].cast<std::uint64_t>();
          c.commit = bytes_arg(d["commit"]);
          c.reveal_round = d["reveal_round"].cast<std::uint64_t>();
          in.push_back(std::move(c));
        }
        const PulseSignature sig = [&pulse](std::uint64_t round) -> bt::Result<std::optional<bt::Bytes>> {
          py::object v = pulse(round);
          if (v.is_none()) return std::optional<bt::Bytes>{};
          return std::optional<bt::Bytes>(bytes_arg(v));
        };
        py::list out;
        for (const auto& a : audit_commits(in, sig)) out.append(bt::py::commit_audit_dict(a));
        return out;
      },
      py::arg("commits"), py::arg("pulse"),
      "Opens each stored commit (dicts as decode_stored_commits returns) with pulse(round) -> 48-byte\n"
      "signature or None (not available yet). Per commit: status 'opened' (with accepted, format, uids,\n"
      "values, version_key), 'pending' or 'failed' (with error).");

  // ---- drand pulses stored by the chain (bt/subtensor/drand_pulse.hpp) ----
  auto storage_reader = [](const py::function& read) -> StorageRead {
    return [read](const bt::Bytes& key) -> bt::Result<std::optional<bt::Bytes>> {
      py::gil_scoped_acquire gil;
      py::object v = read(pyb(key));
      if (v.is_none()) return std::optional<bt::Bytes>{};
      return std::optional<bt::Bytes>(bytes_arg(v));
    };
  };
  t.def(
      "decode_drand_pulse",
      [](const py::object& value) {
        const auto p = bt::py::unwrap(decode_drand_pulse(bytes_arg(value)));
        py::dict d;
        d["round"] = p.round;
        d["randomness"] = pyb(p.randomness);
        d["signature"] = pyb(p.signature);
        return d;
      },
      py::arg("value"),
      "Decodes a Drand.Pulses value (pallet_drand Pulse {round, randomness, signature}); raises DecodeError\n"
      "or SubtensorError (invalid_drand_pulse: a BoundedVec over its bound).");
  t.def(
      "encode_drand_pulse",
      [](std::uint64_t round, const py::object& randomness, const py::object& signature) {
        return pyb(encode_drand_pulse({round, bytes_arg(randomness), bytes_arg(signature)}));
      },
      py::arg("round"), py::arg("randomness"), py::arg("signature"), "SCALE bytes of a pallet_drand Pulse.");
  t.def(
      "audit_chain_commits",
      [storage_reader](const bt::metadata::Metadata& md, std::uint16_t netuid_index, std::uint64_t epoch,
                       const py::function& read, std::optional<py::object> public_key) {
        std::optional<bt::Bytes> pk;
        if (public_key && !public_key->is_none()) pk = bytes_arg(*public_key);
        const auto report =
            bt::py::unwrap(audit_chain_commits(md, netuid_index, epoch, storage_reader(read),
                                               pk ? std::optional<bt::ByteView>(*pk) : std::nullopt));
        py::list out;
        for (const auto& a : report) out.append(bt::py::commit_audit_dict(a));
        return out;
      },
      py::arg("metadata"), py::arg("netuid_index"), py::arg("epoch"), py::arg("read"), py::kw_only(),
      py::arg("public_key") = py::none(),
      "Audits the stored commit queue of (netuid_index = mecid*4096+netuid, epoch) with the chain's drand\n"
      "pulses, all read through read(key: bytes) -> bytes | None: each pulse is verified against\n"
      "public_key, else the runtime's Drand.BeaconConfig key, else quicknet's. Per commit a dict as\n"
      "audit_commits returns, plus epoch; a pulse that is malformed or does not verify makes that commit\n"
      "'failed', a missing one 'pending'. Raises SubtensorError (unsupported_by_runtime without a Drand\n"
      "pallet or commit storage, drand_layout_mismatch).");

  t.def(
      "weights_payload",
      [](const py::object& hotkey, const std::vector<std::int64_t>& uids,
         const std::vector<std::int64_t>& values, std::uint64_t version_key) {
        WeightsTlockPayload p;
        p.hotkey = bytes_arg(hotkey);
        p.uids = u16_list(uids, "uids");
        p.values = u16_list(values, "values");
        p.version_key = version_key;
        return pyb(bt::scale::encode(p));
      },
      py::arg("hotkey"), py::arg("uids"), py::arg("values"), py::arg("version_key"),
      "SCALE bytes of WeightsTlockPayload {hotkey, uids, values, version_key} (the plaintext of a commit).");

  t.def(
      "reveal_round",
      [](std::uint64_t tempo, std::uint64_t current_block, std::uint16_t netuid,
         std::uint64_t subnet_reveal_period_epochs, double block_time, double now) {
        return compute_reveal_round(
                   {current_block, netuid, tempo, subnet_reveal_period_epochs, block_time, now})
            .reveal_round;
      },
      py::arg("tempo"), py::arg("current_block"), py::arg("netuid"), py::arg("subnet_reveal_period_epochs"),
      py::arg("block_time"), py::arg("now"),
      "The drand round bittensor-drand v1.x targets for these inputs.");

  t.def(
      "encrypt",
      [](const py::object& public_key, std::uint64_t round, const py::object& plaintext) {
        return pyb(bt::py::unwrap(tl::encrypt(bytes_arg(public_key), round, bytes_arg(plaintext))));
      },
      py::arg("public_key"), py::arg("round"), py::arg("plaintext"),
      "tle timelock encryption of raw bytes to a drand round (arkworks ciphertext bytes).");

  t.def(
      "decrypt",
      [](const py::object& commit, const py::object& signature) {
        auto plain = bt::py::unwrap(tl::decrypt(bytes_arg(commit), bytes_arg(signature)));
        return pyb(plain.view());
      },
      py::arg("commit"), py::arg("signature"),
      "Decrypts a timelock ciphertext with the round's 48-byte beacon signature; returns the plaintext.\n"
      "Raises TimelockError (kinds: commit_deserialize, signature_deserialize, header_len,\n"
      "ibe_invalid_signature, aead_decrypt).");

  t.def(
      "open_commit",
      [](const py::object& commit, const py::object& signature, const py::object& committer) {
        auto o = bt::py::unwrap(open_commit(bytes_arg(commit), bytes_arg(signature), hotkey_arg(committer)));
        py::dict d;
        d["accepted"] = o.accepted();
        d["format"] = o.legacy ? "legacy" : "v4";
        d["hotkey"] = o.hotkey ? py::object(pyb(o.hotkey->view())) : py::object(py::none());
        d["hotkey_matches"] = o.hotkey_matches;
        d["uids"] = o.uids;
        d["values"] = o.values;
        d["version_key"] = o.version_key;
        d["trailing_bytes"] = o.trailing_bytes;
        return d;
      },
      py::arg("commit"), py::arg("signature"), py::arg("committer"),
      "Decrypts a weights commit and decodes its payload as subtensor does (v4 or legacy, hotkey check).");

  t.def(
      "verify_beacon",
      [](const py::object& public_key, std::uint64_t round, const py::object& signature) {
        return bt::py::unwrap(drand::verify_beacon(bytes_arg(public_key), round, bytes_arg(signature)));
      },
      py::arg("public_key"), py::arg("round"), py::arg("signature"),
      "drand quicknet (bls-unchained-g1-rfc9380) beacon verification.");

  t.def(
      "sign_round",
      [](const py::object& secret_key_be, std::uint64_t round) {
        namespace bls = bt::crypto::bls12_381;
        auto sk = bt::py::unwrap(bls::Scalar::from_bytes_be(bytes_arg(secret_key_be)));
        const auto h =
            bls::hash_to_g1(drand::round_message(round), bt::as_bytes(bls::kDrandQuicknetDst)).value();
        const auto sig = bls::to_compressed(bls::mul(h, sk));
        sk.wipe();
        return pyb(sig);
      },
      py::arg("secret_key_be"), py::arg("round"),
      "A beacon signature sk*H(round) for a test beacon of your own (32-byte big-endian secret key).");

  t.attr("QUICKNET_PUBLIC_KEY") = pyb(drand::quicknet_public_key());
  t.attr("QUICKNET_GENESIS_TIME") = drand::kQuicknetGenesisTime;
  t.attr("QUICKNET_PERIOD") = drand::kQuicknetPeriodSeconds;
}
