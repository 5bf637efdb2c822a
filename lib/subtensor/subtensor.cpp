// SPDX-License-Identifier: MIT
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC 12 false positive on std::string operator+
#endif
#include <bt/subtensor/subtensor.hpp>

#include <bt/client/typed.hpp>
#include <bt/metadata/calls.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metadata/value.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/calls_admin.hpp>
#include <bt/subtensor/calls_stake.hpp>
#include <bt/subtensor/drand_pulse.hpp>
#include <bt/subtensor/weights_chain.hpp>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <thread>

namespace bt::subtensor {

using metadata::Value;
using metadata::ValueKind;

namespace {

constexpr std::string_view kFinney = "wss://entrypoint-finney.opentensor.ai:443";
constexpr std::string_view kTest = "wss://test.finney.opentensor.ai:443";
constexpr std::string_view kArchive = "wss://archive.chain.opentensor.ai:443";
constexpr std::string_view kLocal = "ws://127.0.0.1:9944";

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

Value account(const crypto::AccountId32& a) { return Value::bytes(a.to_bytes()); }

// An unsigned integer leaf, looking through single-field wrappers (new-type structs).
Result<u128> uint_of(const Value& v, std::string_view what) {
  const Value* p = &v;
  while (p->is(ValueKind::Composite) && p->items().size() == 1) p = p->at(0);
  if (!p->is(ValueKind::UInt))
    return fail(metadata::MetadataError::type_mismatch, std::string(what) + " is not an unsigned integer");
  return p->as_u128();
}

Result<std::uint64_t> u64_of(const Value& v, std::string_view what) {
  BT_TRY(u128 x, uint_of(v, what));
  if (x > UINT64_MAX) return fail(metadata::MetadataError::type_mismatch, std::string(what) + " exceeds u64");
  return static_cast<std::uint64_t>(x);
}

Result<crypto::AccountId32> account_of(const Value& v) {
  const Value* p = &v;
  while (p->is(ValueKind::Composite) && p->items().size() == 1) p = p->at(0);
  if (p->is(ValueKind::Bytes) && p->as_bytes().size() == 32)
    return crypto::AccountId32::from_view(p->as_bytes());
  if ((p->is(ValueKind::Array) || p->is(ValueKind::Composite)) && p->items().size() == 32) {
    Bytes b;
    for (const auto& it : p->items()) {
      BT_TRY(u128 x, uint_of(it, "account byte"));
      b.push_back(static_cast<std::uint8_t>(x));
    }
    return crypto::AccountId32::from_view(b);
  }
  return fail(metadata::MetadataError::type_mismatch, "not an account id");
}

Result<void> need_storage(const metadata::Metadata& md, std::string_view pallet, std::string_view entry) {
  if (!md.storage_entry(pallet, entry))
    return fail(SubtensorError::unsupported_by_runtime,
                "no storage item " + std::string(pallet) + "." + std::string(entry));
  return ok();
}

}  // namespace

Result<std::string> resolve_endpoint(std::string_view network) {
  if (network.find("://") != std::string_view::npos) return std::string(network);
  if (network.empty()) {
    if (auto e = env("BT_SUBTENSOR_CHAIN_ENDPOINT")) return *e;
    if (auto n = env("BT_SUBTENSOR_NETWORK"); n && n->find("://") == std::string::npos) {
      if (*n != "") return resolve_endpoint(*n);
    }
    return std::string(kFinney);
  }
  if (network == "finney") return std::string(kFinney);
  if (network == "test") return std::string(kTest);
  if (network == "archive") return std::string(kArchive);
  if (network == "local") return env("BT_SUBTENSOR_CHAIN_ENDPOINT").value_or(std::string(kLocal));
  return fail(SubtensorError::unknown_network,
              "'" + std::string(network.substr(0, 64)) + "' (finney, test, archive, local or a ws:// URL)");
}

Subtensor::Subtensor(std::unique_ptr<client::Client> c) : client_(std::move(c)), nonces_(*client_) {}

Result<std::unique_ptr<Subtensor>> Subtensor::connect(std::string_view network,
                                                      client::ClientOptions options) {
  BT_TRY(std::string url, resolve_endpoint(network));
  BT_TRY(auto c, client::Client::connect(url, std::move(options)));
  return from_client(std::move(c));
}

Result<std::unique_ptr<Subtensor>> Subtensor::from_client(std::unique_ptr<client::Client> c) {
  std::unique_ptr<Subtensor> st(new Subtensor(std::move(c)));
  BT_TRY_VOID(st->refresh_metadata());
  return st;
}

std::shared_ptr<const metadata::Metadata> Subtensor::metadata_ptr() const {
  std::lock_guard lock(md_mu_);
  return md_;
}

Result<void> Subtensor::refresh_metadata() {
  BT_TRY(auto rv, client_->runtime_version());
  {
    std::lock_guard lock(md_mu_);
    if (md_ && rv.spec_version == spec_version_) return ok();
  }
  BT_TRY(auto md, client::decoded_metadata(*client_));
  std::lock_guard lock(md_mu_);
  md_ = std::move(md);
  spec_version_ = rv.spec_version;
  return ok();
}

// ---- blocks ----

Result<std::uint64_t> Subtensor::get_current_block() {
  BT_TRY(auto h, client_->header());
  return h.number;
}

Result<Hash256> Subtensor::get_block_hash(std::optional<std::uint64_t> block) {
  if (!block) return client_->best_hash();
  return client_->block_hash(*block);
}

Result<std::uint64_t> Subtensor::wait_for_block(std::optional<std::uint64_t> block,
                                                std::chrono::milliseconds timeout,
                                                std::chrono::milliseconds poll) {
  BT_TRY(std::uint64_t now, get_current_block());
  const std::uint64_t target = block.value_or(now + 1);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (now < target) {
    if (std::chrono::steady_clock::now() >= deadline)
      return fail(client::TxError::timeout,
                  "block " + std::to_string(target) + " not reached (at " + std::to_string(now) + ")");
    std::this_thread::sleep_for(poll);
    BT_TRY(now, get_current_block());
  }
  return now;
}

// ---- submit ----

Result<client::Receipt> Subtensor::sign_and_submit(ByteView call, const crypto::Keypair& signer,
                                                   const SubmitOptions& opt) {
  BT_TRY_VOID(refresh_metadata());
  auto md = metadata_ptr();
  const Bytes call_bytes(call.begin(), call.end());
  if (opt.tx.nonce) {  // the caller manages nonces
    BT_TRY(auto xt, client::create_signed(*client_, *md, call_bytes, signer, opt.tx));
    return client::submit_and_wait(*client_, *md, xt, opt.wait);
  }
  const auto who = signer.account_id();
  for (unsigned attempt = 0;; ++attempt) {
    client::PendingTx pending;
    auto submitted = nonces_.submit(who, [&](std::uint64_t nonce) -> Result<void> {
      client::TxOptions tx = opt.tx;
      tx.nonce = nonce;
      BT_TRY(auto xt, client::create_signed(*client_, *md, call_bytes, signer, tx));
      BT_TRY(pending, client::start_submit(*client_, *md, xt, opt.wait));
      return ok();
    });
    if (!submitted) {
      if (client::is_nonce_rejection(submitted.error()) && attempt < opt.nonce_retries) continue;
      return fail(submitted.error());
    }
    auto r = pending.wait();
    // Dropped while building the block (chopsticks reports Future/Stale there): forget the local
    // counter so the next transaction of this key uses the node's nonce again.
    if (!r && (client::is_nonce_rejection(r.error()) || r.error() == client::TxError::dropped))
      nonces_.resync(who);
    return r;
  }
}

Result<client::Receipt> Subtensor::sign_and_submit(ByteView call, wallet::Wallet& wallet, KeyRole role,
                                                   const wallet::PasswordSource& password,
                                                   const SubmitOptions& opt) {
  auto key = role == KeyRole::hotkey ? wallet.unlock_hotkey(password) : wallet.unlock_coldkey(password);
  if (!key) return fail(key.error());
  BT_TRY(auto pair, key->get().keypair());
  return sign_and_submit(call, pair.get(), opt);
}

Result<client::Receipt> Subtensor::submit_built(
    const crypto::Keypair& signer, const SubmitOptions& opt,
    const std::function<Result<Bytes>(const metadata::Metadata&)>& build) {
  BT_TRY_VOID(refresh_metadata());
  auto md = metadata_ptr();
  BT_TRY(Bytes call, build(*md));
  return sign_and_submit(call, signer, opt);
}

Result<client::Receipt> Subtensor::transfer(const crypto::Keypair& signer, const crypto::AccountId32& dest,
                                            const Balance& amount, bool keep_alive,
                                            const SubmitOptions& opt) {
  if (!amount.is_tao()) return fail(SubtensorError::unit_mismatch, "transfer amount must be TAO");
  return submit_built(signer, opt, [&](const metadata::Metadata& md) {
    return keep_alive ? transfer_keep_alive_call(md, dest, amount.rao())
                      : transfer_allow_death_call(md, dest, amount.rao());
  });
}

Result<client::Receipt> Subtensor::transfer_all(const crypto::Keypair& signer,
                                                const crypto::AccountId32& dest, bool keep_alive,
                                                const SubmitOptions& opt) {
  return submit_built(signer, opt,
                      [&](const metadata::Metadata& md) { return transfer_all_call(md, dest, keep_alive); });
}

Result<client::Receipt> Subtensor::add_stake(const crypto::Keypair& coldkey,
                                             const crypto::AccountId32& hotkey, std::uint16_t netuid,
                                             const Balance& amount, const SubmitOptions& opt) {
  if (!amount.is_tao()) return fail(SubtensorError::unit_mismatch, "add_stake amount must be TAO");
  return submit_built(coldkey, opt, [&](const metadata::Metadata& md) {
    return add_stake_call(md, hotkey, netuid, amount.rao());
  });
}

Result<client::Receipt> Subtensor::remove_stake(const crypto::Keypair& coldkey,
                                                const crypto::AccountId32& hotkey, std::uint16_t netuid,
                                                const Balance& amount, const SubmitOptions& opt) {
  if (amount.netuid() != netuid)
    return fail(SubtensorError::unit_mismatch,
                "remove_stake amount must be alpha of netuid " + std::to_string(netuid));
  return submit_built(coldkey, opt, [&](const metadata::Metadata& md) {
    return remove_stake_call(md, hotkey, netuid, amount.rao());
  });
}

Result<client::Receipt> Subtensor::unstake_all(const crypto::Keypair& coldkey,
                                               const crypto::AccountId32& hotkey, const SubmitOptions& opt) {
  return submit_built(coldkey, opt,
                      [&](const metadata::Metadata& md) { return unstake_all_call(md, hotkey); });
}

Result<client::Receipt> Subtensor::burned_register(const crypto::Keypair& coldkey,
                                                   const crypto::AccountId32& hotkey, std::uint16_t netuid,
                                                   const SubmitOptions& opt) {
  return submit_built(coldkey, opt,
                      [&](const metadata::Metadata& md) { return burned_register_call(md, netuid, hotkey); });
}

Result<client::Receipt> Subtensor::register_network(const crypto::Keypair& coldkey,
                                                    const crypto::AccountId32& hotkey,
                                                    const SubmitOptions& opt) {
  return submit_built(coldkey, opt,
                      [&](const metadata::Metadata& md) { return register_network_call(md, hotkey); });
}

Result<client::Receipt> Subtensor::root_register(const crypto::Keypair& coldkey,
                                                 const crypto::AccountId32& hotkey,
                                                 const SubmitOptions& opt) {
  return submit_built(coldkey, opt,
                      [&](const metadata::Metadata& md) { return root_register_call(md, hotkey); });
}

Result<client::Receipt> Subtensor::serve_axon(const crypto::Keypair& hotkey, std::uint16_t netuid,
                                              const AxonParams& axon, const SubmitOptions& opt) {
  return submit_built(hotkey, opt,
                      [&](const metadata::Metadata& md) { return serve_axon_call(md, netuid, axon); });
}

namespace {
Result<void> alpha_of(const Balance& amount, std::uint16_t netuid, const char* what) {
  if (amount.netuid() != netuid)
    return fail(SubtensorError::unit_mismatch,
                std::string(what) + " amount must be alpha of netuid " + std::to_string(netuid));
  return ok();
}
}  // namespace

Result<client::Receipt> Subtensor::add_stake(const crypto::Keypair& coldkey,
                                             const crypto::AccountId32& hotkey, std::uint16_t netuid,
                                             const Balance& amount, const StakeSafety& safety,
                                             const SubmitOptions& opt) {
  if (!safety.safe_staking) return add_stake(coldkey, hotkey, netuid, amount, opt);
  if (!amount.is_tao()) return fail(SubtensorError::unit_mismatch, "add_stake amount must be TAO");
  BT_TRY_VOID(refresh_metadata());
  BT_TRY_VOID(metadata_ptr()->require_call("SubtensorModule", "add_stake_limit"));
  BT_TRY(DynamicInfo pool, get_subnet_dynamic_info(netuid));
  BT_TRY(std::uint64_t limit,
         stake_limit_price(pool.price.rao(), netuid, safety.rate_tolerance, StakeDirection::stake));
  return submit_built(coldkey, opt, [&](const metadata::Metadata& md) {
    return add_stake_limit_call(md, hotkey, netuid, amount.rao(), limit, safety.allow_partial_stake);
  });
}

Result<client::Receipt> Subtensor::remove_stake(const crypto::Keypair& coldkey,
                                                const crypto::AccountId32& hotkey, std::uint16_t netuid,
                                                const Balance& amount, const StakeSafety& safety,
                                                const SubmitOptions& opt) {
  if (!safety.safe_staking) return remove_stake(coldkey, hotkey, netuid, amount, opt);
  BT_TRY_VOID(alpha_of(amount, netuid, "remove_stake"));
  BT_TRY_VOID(refresh_metadata());
  BT_TRY_VOID(metadata_ptr()->require_call("SubtensorModule", "remove_stake_limit"));
  BT_TRY(DynamicInfo pool, get_subnet_dynamic_info(netuid));
  BT_TRY(std::uint64_t limit,
         stake_limit_price(pool.price.rao(), netuid, safety.rate_tolerance, StakeDirection::unstake));
  return submit_built(coldkey, opt, [&](const metadata::Metadata& md) {
    return remove_stake_limit_call(md, hotkey, netuid, amount.rao(), limit, safety.allow_partial_stake);
  });
}

Result<client::Receipt> Subtensor::move_stake(const crypto::Keypair& coldkey,
                                              const crypto::AccountId32& origin_hotkey,
                                              std::uint16_t origin_netuid,
                                              const crypto::AccountId32& destination_hotkey,
                                              std::uint16_t destination_netuid, const Balance& amount,
                                              const SubmitOptions& opt) {
  BT_TRY_VOID(alpha_of(amount, origin_netuid, "move_stake"));
  return submit_built(coldkey, opt, [&](const metadata::Metadata& md) {
    return move_stake_call(md, origin_hotkey, destination_hotkey, origin_netuid, destination_netuid,
                           amount.rao());
  });
}

Result<client::Receipt> Subtensor::swap_stake(const crypto::Keypair& coldkey,
                                              const crypto::AccountId32& hotkey, std::uint16_t origin_netuid,
                                              std::uint16_t destination_netuid, const Balance& amount,
                                              const StakeSafety& safety, const SubmitOptions& opt) {
  BT_TRY_VOID(alpha_of(amount, origin_netuid, "swap_stake"));
  if (!safety.safe_staking)
    return submit_built(coldkey, opt, [&](const metadata::Metadata& md) {
      return swap_stake_call(md, hotkey, origin_netuid, destination_netuid, amount.rao());
    });
  BT_TRY_VOID(refresh_metadata());
  BT_TRY_VOID(metadata_ptr()->require_call("SubtensorModule", "swap_stake_limit"));
  BT_TRY(DynamicInfo origin, get_subnet_dynamic_info(origin_netuid));
  BT_TRY(DynamicInfo destination, get_subnet_dynamic_info(destination_netuid));
  BT_TRY(std::uint64_t limit,
         swap_limit_price(origin.price.rao(), destination.price.rao(), safety.rate_tolerance));
  return submit_built(coldkey, opt, [&](const metadata::Metadata& md) {
    return swap_stake_limit_call(md, hotkey, origin_netuid, destination_netuid, amount.rao(), limit,
                                 safety.allow_partial_stake);
  });
}

Result<client::Receipt> Subtensor::transfer_stake(const crypto::Keypair& coldkey,
                                                  const crypto::AccountId32& destination_coldkey,
                                                  const crypto::AccountId32& hotkey,
                                                  std::uint16_t origin_netuid,
                                                  std::uint16_t destination_netuid, const Balance& amount,
                                                  const SubmitOptions& opt) {
  BT_TRY_VOID(alpha_of(amount, origin_netuid, "transfer_stake"));
  return submit_built(coldkey, opt, [&](const metadata::Metadata& md) {
    return transfer_stake_call(md, destination_coldkey, hotkey, origin_netuid, destination_netuid,
                               amount.rao());
  });
}

Result<client::Receipt> Subtensor::unstake_all_alpha(const crypto::Keypair& coldkey,
                                                     const crypto::AccountId32& hotkey,
                                                     const SubmitOptions& opt) {
  return submit_built(coldkey, opt,
                      [&](const metadata::Metadata& md) { return unstake_all_alpha_call(md, hotkey); });
}

Result<client::Receipt> Subtensor::serve_prometheus(const crypto::Keypair& hotkey, std::uint16_t netuid,
                                                    const PrometheusParams& prometheus,
                                                    const SubmitOptions& opt) {
  return submit_built(hotkey, opt, [&](const metadata::Metadata& md) {
    return serve_prometheus_call(md, netuid, prometheus);
  });
}

Result<client::Receipt> Subtensor::set_children(
    const crypto::Keypair& coldkey, const crypto::AccountId32& hotkey, std::uint16_t netuid,
    std::span<const std::pair<double, crypto::AccountId32>> children, const SubmitOptions& opt) {
  std::vector<Child> kids;
  kids.reserve(children.size());
  for (const auto& [fraction, child] : children) {
    BT_TRY(std::uint64_t proportion, child_proportion(fraction));
    kids.push_back({proportion, child});
  }
  return submit_built(coldkey, opt, [&](const metadata::Metadata& md) {
    return set_children_call(md, hotkey, netuid, kids);
  });
}

Result<client::Receipt> Subtensor::set_childkey_take(const crypto::Keypair& coldkey,
                                                     const crypto::AccountId32& hotkey, std::uint16_t netuid,
                                                     double take, const SubmitOptions& opt) {
  if (!std::isfinite(take)) return fail(SubtensorError::non_finite_weight, "childkey take");
  if (take < 0 || take > 1)
    return fail(SubtensorError::fraction_out_of_range, "childkey take must be in [0, 1]");
  const auto take_u16 = static_cast<std::uint16_t>(take * 65535.0);
  return submit_built(coldkey, opt, [&](const metadata::Metadata& md) {
    return set_childkey_take_call(md, hotkey, netuid, take_u16);
  });
}

Result<client::Receipt> Subtensor::set_identity(const crypto::Keypair& coldkey, const ChainIdentity& identity,
                                                const SubmitOptions& opt) {
  return submit_built(coldkey, opt,
                      [&](const metadata::Metadata& md) { return set_identity_call(md, identity); });
}

Result<client::Receipt> Subtensor::set_subnet_identity(const crypto::Keypair& coldkey, std::uint16_t netuid,
                                                       const SubnetIdentity& identity,
                                                       const SubmitOptions& opt) {
  return submit_built(coldkey, opt, [&](const metadata::Metadata& md) {
    return set_subnet_identity_call(md, netuid, identity);
  });
}

Result<client::Receipt> Subtensor::batch_all(const crypto::Keypair& signer, std::span<const Bytes> calls,
                                             const SubmitOptions& opt) {
  return submit_built(signer, opt, [&](const metadata::Metadata& md) { return batch_all_call(md, calls); });
}

Result<client::Receipt> Subtensor::sudo(const crypto::Keypair& sudo_key, ByteView call,
                                        const SubmitOptions& opt) {
  return submit_built(sudo_key, opt, [&](const metadata::Metadata& md) { return sudo_call(md, call); });
}

Result<client::Receipt> Subtensor::sudo_set_hyperparameter(const crypto::Keypair& sudo_key,
                                                           std::string_view name, std::uint16_t netuid,
                                                           std::uint64_t value, const SubmitOptions& opt) {
  return submit_built(sudo_key, opt, [&](const metadata::Metadata& md) {
    return bt::subtensor::sudo_set_hyperparameter(md, name, netuid, value);
  });
}

Result<client::Receipt> Subtensor::batch_reveal_weights(const crypto::Keypair& hotkey, std::uint16_t netuid,
                                                        std::span<const WeightsRevealInput> reveals,
                                                        const SubmitOptions& opt) {
  std::vector<WeightsReveal> converted;
  converted.reserve(reveals.size());
  for (const auto& r : reveals) {
    BT_TRY(EmitWeights emit, convert_weights_and_uids_for_emit(r.uids, r.weights));
    converted.push_back({std::move(emit), r.salt, r.version_key});
  }
  return submit_built(hotkey, opt, [&](const metadata::Metadata& md) {
    return batch_reveal_weights_call(md, netuid, converted);
  });
}

// ---- reads ----

namespace {
Result<const Value*> account_data(const std::optional<Value>& v) {
  if (!v) return fail(metadata::MetadataError::type_mismatch, "System.Account without a value");
  const Value* data = v->field("data");
  if (!data) return fail(metadata::MetadataError::type_mismatch, "System.Account without data");
  return data;
}
}  // namespace

Result<Subtensor::SetWeightsResult> Subtensor::set_weights(
    const crypto::Keypair& hotkey, std::uint16_t netuid, std::span<const std::int64_t> uids,
    std::span<const float> weights, std::uint64_t version_key, const SubmitOptions& opt) {
  BT_TRY(EmitWeights emit, convert_weights_and_uids_for_emit(uids, weights));
  BT_TRY_VOID(refresh_metadata());
  auto md = metadata_ptr();
  BT_TRY(std::uint64_t block, get_current_block());
  const StorageRead read = [this](const Bytes& key) { return client_->storage(key); };
  BT_TRY(WeightsChainState state, read_weights_chain_state(*md, netuid, block, read));
  if (!state.commit_reveal_enabled) {
    // The plain call: say why it would fail instead of paying for a doomed extrinsic.
    BT_TRY(SetWeightsCheck check, check_set_weights(*client_, *md, netuid, hotkey.account_id(), emit.uids,
                                                    emit.weights, version_key));
    if (!check.ok()) {
      std::string msg;
      for (const auto& p : check.problems) {
        if (!msg.empty()) msg += "; ";
        msg += std::string(set_weights_issue_name(p.issue)) + ": " + p.message;
      }
      return fail(SubtensorError::weights_rejected, msg);
    }
  }
  WeightsRequest req;
  req.netuid = netuid;
  req.weights = std::move(emit);
  req.version_key = version_key;
  req.hotkey = hotkey.account_id();
  req.now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  BT_TRY(WeightsCallPlan plan, build_weights_call(*md, state, req));
  BT_TRY(client::Receipt receipt, sign_and_submit(plan.call, hotkey, opt));
  SetWeightsResult out;
  out.path = plan.path;
  out.reveal_round = plan.reveal_round;
  out.receipt = std::move(receipt);
  return out;
}

Result<Subtensor::SetWeightsResult> Subtensor::set_weights(wallet::Wallet& wallet, std::uint16_t netuid,
                                                           std::span<const std::int64_t> uids,
                                                           std::span<const float> weights,
                                                           std::uint64_t version_key,
                                                           const wallet::PasswordSource& password,
                                                           const SubmitOptions& opt) {
  auto key = wallet.unlock_hotkey(password);
  if (!key) return fail(key.error());
  BT_TRY(auto pair, key->get().keypair());
  return set_weights(pair.get(), netuid, uids, weights, version_key, opt);
}

Result<client::Receipt> Subtensor::commit_weights(const crypto::Keypair& hotkey, std::uint16_t netuid,
                                                  std::span<const std::uint16_t> salt,
                                                  std::span<const std::int64_t> uids,
                                                  std::span<const float> weights, std::uint64_t version_key,
                                                  const SubmitOptions& opt) {
  BT_TRY(EmitWeights emit, convert_weights_and_uids_for_emit(uids, weights));
  const Hash256 hash =
      commit_weights_hash(hotkey.account_id(), netuid, emit.uids, emit.weights, salt, version_key);
  return submit_built(hotkey, opt,
                      [&](const metadata::Metadata& md) { return commit_weights_call(md, netuid, hash); });
}

Result<client::Receipt> Subtensor::reveal_weights(const crypto::Keypair& hotkey, std::uint16_t netuid,
                                                  std::span<const std::int64_t> uids,
                                                  std::span<const float> weights,
                                                  std::span<const std::uint16_t> salt,
                                                  std::uint64_t version_key, const SubmitOptions& opt) {
  BT_TRY(EmitWeights emit, convert_weights_and_uids_for_emit(uids, weights));
  return submit_built(hotkey, opt, [&](const metadata::Metadata& md) {
    return reveal_weights_call(md, netuid, emit, salt, version_key);
  });
}

Result<Balance> Subtensor::get_balance(const crypto::AccountId32& account_id, std::optional<Hash256> at) {
  std::vector<Value> key{account(account_id)};
  BT_TRY(auto v, client::storage_value(*client_, "System", "Account", key, at));
  BT_TRY(const Value* data, account_data(v));
  const Value* free = data->field("free");
  if (!free) return fail(metadata::MetadataError::type_mismatch, "AccountData without free");
  BT_TRY(std::uint64_t rao, u64_of(*free, "free"));
  return Balance::from_rao(rao);
}

Result<Balance> Subtensor::get_reserved_balance(const crypto::AccountId32& account_id,
                                                std::optional<Hash256> at) {
  std::vector<Value> key{account(account_id)};
  BT_TRY(auto v, client::storage_value(*client_, "System", "Account", key, at));
  BT_TRY(const Value* data, account_data(v));
  const Value* reserved = data->field("reserved");
  if (!reserved) return fail(metadata::MetadataError::type_mismatch, "AccountData without reserved");
  BT_TRY(std::uint64_t rao, u64_of(*reserved, "reserved"));
  return Balance::from_rao(rao);
}

Result<Balance> Subtensor::get_existential_deposit(std::optional<Hash256> at) {
  auto v = client::constant(*client_, "Balances", "ExistentialDeposit", at);
  if (!v) return fail(SubtensorError::unsupported_by_runtime, "no constant Balances.ExistentialDeposit");
  BT_TRY(std::uint64_t rao, u64_of(*v, "ExistentialDeposit"));
  return Balance::from_rao(rao);
}

namespace {
// A U64F64 (substrate_fixed FixedU128<U64>) storage value: its 128 bits.
Result<u128> fixed_bits(const std::optional<Value>& v, std::string_view what) {
  if (!v) return u128{0};
  return uint_of(*v, what);
}

// alpha = shares * total_alpha / total_shares, with shares and total_shares U64F64 bits (the common
// 2^64 scale cancels). Rounded down, like the runtime's conversion to u64.
std::uint64_t shares_to_alpha(u128 share_bits, std::uint64_t total_alpha, u128 total_share_bits) {
  if (total_share_bits == 0 || share_bits == 0 || total_alpha == 0) return 0;
  // 192-bit numerator share_bits * total_alpha as (hi, lo), then restoring long division by the 128-bit
  // denominator: exact floor, no intermediate rounding.
  const u128 mask = UINT64_MAX;
  const u128 p0 = (share_bits & mask) * total_alpha;
  const u128 p1 = (share_bits >> 64) * total_alpha;
  const u128 lo = p0 + (p1 << 64);
  const u128 hi = (p1 >> 64) + (lo < p0 ? 1 : 0);
  u128 rem = 0;
  u128 quot = 0;
  bool overflow = false;
  for (int i = 255; i >= 0; --i) {
    const bool bit = i >= 128 ? ((hi >> (i - 128)) & 1) != 0 : ((lo >> i) & 1) != 0;
    const bool top = (rem >> 127) != 0;
    rem = (rem << 1) | (bit ? 1 : 0);
    if (top || rem >= total_share_bits) {
      rem -= total_share_bits;
      if (i >= 128)
        overflow = true;
      else
        quot |= u128{1} << i;
    }
  }
  if (overflow || quot > UINT64_MAX) return UINT64_MAX;
  return static_cast<std::uint64_t>(quot);
}
}  // namespace

Result<Balance> Subtensor::get_stake(const crypto::AccountId32& coldkey, const crypto::AccountId32& hotkey,
                                     std::uint16_t netuid, std::optional<Hash256> at) {
  auto md = metadata_ptr();
  BT_TRY_VOID(need_storage(*md, "SubtensorModule", "Alpha"));
  BT_TRY_VOID(need_storage(*md, "SubtensorModule", "TotalHotkeyAlpha"));
  BT_TRY_VOID(need_storage(*md, "SubtensorModule", "TotalHotkeyShares"));
  std::vector<Value> k3{account(hotkey), account(coldkey), Value::u(netuid)};
  std::vector<Value> k2{account(hotkey), Value::u(netuid)};
  BT_TRY(auto shares, client::storage_value(*client_, "SubtensorModule", "Alpha", k3, at));
  BT_TRY(auto total_alpha, client::storage_value(*client_, "SubtensorModule", "TotalHotkeyAlpha", k2, at));
  BT_TRY(auto total_shares, client::storage_value(*client_, "SubtensorModule", "TotalHotkeyShares", k2, at));
  BT_TRY(u128 s, fixed_bits(shares, "Alpha"));
  BT_TRY(u128 ts, fixed_bits(total_shares, "TotalHotkeyShares"));
  std::uint64_t ta = 0;
  if (total_alpha) {
    BT_TRY(ta, u64_of(*total_alpha, "TotalHotkeyAlpha"));
  }
  return Balance::from_rao(shares_to_alpha(s, ta, ts), netuid);
}

Result<std::vector<StakeInfo>> Subtensor::get_stake_info_for_coldkey(const crypto::AccountId32& coldkey,
                                                                     std::optional<Hash256> at) {
  auto md = metadata_ptr();
  BT_TRY_VOID(need_storage(*md, "SubtensorModule", "StakingHotkeys"));
  if (!at) {
    BT_TRY(at, client_->best_hash());
  }
  std::vector<Value> ck{account(coldkey)};
  BT_TRY(auto hotkeys, client::storage_value(*client_, "SubtensorModule", "StakingHotkeys", ck, at));
  std::vector<StakeInfo> out;
  if (!hotkeys) return out;
  for (const auto& hv : hotkeys->items()) {
    BT_TRY(auto hotkey, account_of(hv));
    std::vector<Value> lead{account(hotkey), account(coldkey)};
    BT_TRY(auto rows, client::storage_map(*client_, "SubtensorModule", "Alpha", lead, at));
    for (const auto& row : rows) {
      if (row.keys.size() != 3) continue;
      BT_TRY(std::uint64_t netuid, u64_of(row.keys[2], "netuid"));
      BT_TRY(auto stake, get_stake(coldkey, hotkey, static_cast<std::uint16_t>(netuid), at));
      if (stake.rao() == 0) continue;
      out.push_back({hotkey, coldkey, static_cast<std::uint16_t>(netuid), stake});
    }
  }
  return out;
}

Result<std::vector<DelegateTake>> Subtensor::get_delegates(std::optional<Hash256> at) {
  BT_TRY_VOID(need_storage(*metadata_ptr(), "SubtensorModule", "Delegates"));
  BT_TRY(auto rows, client::storage_map(*client_, "SubtensorModule", "Delegates", {}, at));
  std::vector<DelegateTake> out;
  for (const auto& row : rows) {
    if (row.keys.empty()) continue;
    BT_TRY(auto hotkey, account_of(row.keys[0]));
    BT_TRY(std::uint64_t take, u64_of(row.value, "take"));
    out.push_back({hotkey, static_cast<std::uint16_t>(take)});
  }
  return out;
}

Result<std::optional<std::uint16_t>> Subtensor::get_delegate_take(const crypto::AccountId32& hotkey,
                                                                  std::optional<Hash256> at) {
  BT_TRY_VOID(need_storage(*metadata_ptr(), "SubtensorModule", "Delegates"));
  std::vector<Value> key{account(hotkey)};
  // Delegates is a ValueQuery with a default take: only listed hotkeys are delegates.
  BT_TRY(auto raw_key, metadata::storage_key(metadata(), "SubtensorModule", "Delegates", key));
  BT_TRY(auto raw, client_->storage(raw_key, at));
  if (!raw) return std::optional<std::uint16_t>{};
  BT_TRY(auto v, client::storage_value(*client_, "SubtensorModule", "Delegates", key, at));
  BT_TRY(std::uint64_t take, u64_of(*v, "take"));
  return std::optional<std::uint16_t>(static_cast<std::uint16_t>(take));
}

Result<SubnetHyperparameters> Subtensor::get_subnet_hyperparameters(std::uint16_t netuid,
                                                                    std::optional<Hash256> at) {
  BT_TRY(bool exists, subnet_exists(netuid, at));
  if (!exists)
    return fail(SubtensorError::unsupported_by_runtime,
                "subnet " + std::to_string(netuid) + " does not exist");
  auto md = metadata_ptr();
  SubnetHyperparameters hp;
  std::vector<Value> key{Value::u(netuid)};
  auto num = [&](std::string_view entry, std::optional<std::uint64_t>& out) -> Result<void> {
    if (!md->storage_entry("SubtensorModule", entry)) return ok();
    BT_TRY(auto v, client::storage_value(*client_, "SubtensorModule", entry, key, at));
    if (v) {
      BT_TRY(out, u64_of(*v, entry));
    }
    return ok();
  };
  auto flag = [&](std::string_view entry, std::optional<bool>& out) -> Result<void> {
    if (!md->storage_entry("SubtensorModule", entry)) return ok();
    BT_TRY(auto v, client::storage_value(*client_, "SubtensorModule", entry, key, at));
    if (v) out = v->as_bool();
    return ok();
  };
  BT_TRY_VOID(num("Rho", hp.rho));
  BT_TRY_VOID(num("Kappa", hp.kappa));
  BT_TRY_VOID(num("ImmunityPeriod", hp.immunity_period));
  BT_TRY_VOID(num("MinAllowedWeights", hp.min_allowed_weights));
  BT_TRY_VOID(num("MaxWeightsLimit", hp.max_weights_limit));
  BT_TRY_VOID(num("Tempo", hp.tempo));
  BT_TRY_VOID(num("MinDifficulty", hp.min_difficulty));
  BT_TRY_VOID(num("MaxDifficulty", hp.max_difficulty));
  BT_TRY_VOID(num("WeightsVersionKey", hp.weights_version));
  BT_TRY_VOID(num("WeightsSetRateLimit", hp.weights_rate_limit));
  BT_TRY_VOID(num("AdjustmentInterval", hp.adjustment_interval));
  BT_TRY_VOID(num("ActivityCutoff", hp.activity_cutoff));
  BT_TRY_VOID(num("MaxAllowedValidators", hp.max_validators));
  BT_TRY_VOID(num("MinBurn", hp.min_burn));
  BT_TRY_VOID(num("MaxBurn", hp.max_burn));
  BT_TRY_VOID(num("ServingRateLimit", hp.serving_rate_limit));
  BT_TRY_VOID(num("MaxAllowedUids", hp.max_allowed_uids));
  BT_TRY_VOID(num("RevealPeriodEpochs", hp.commit_reveal_period));
  BT_TRY_VOID(flag("NetworkRegistrationAllowed", hp.registration_allowed));
  BT_TRY_VOID(flag("CommitRevealWeightsEnabled", hp.commit_reveal_weights_enabled));
  return hp;
}

Result<bool> Subtensor::subnet_exists(std::uint16_t netuid, std::optional<Hash256> at) {
  BT_TRY_VOID(need_storage(*metadata_ptr(), "SubtensorModule", "NetworksAdded"));
  std::vector<Value> key{Value::u(netuid)};
  BT_TRY(auto v, client::storage_value(*client_, "SubtensorModule", "NetworksAdded", key, at));
  return v && v->as_bool();
}

Result<DynamicInfo> Subtensor::get_subnet_dynamic_info(std::uint16_t netuid, std::optional<Hash256> at) {
  auto md = metadata_ptr();
  for (auto e : {"SubnetTAO", "SubnetAlphaIn", "SubnetAlphaOut"})
    BT_TRY_VOID(need_storage(*md, "SubtensorModule", e));
  std::vector<Value> key{Value::u(netuid)};
  auto read = [&](const char* entry) -> Result<std::uint64_t> {
    BT_TRY(auto v, client::storage_value(*client_, "SubtensorModule", entry, key, at));
    if (!v) return std::uint64_t{0};
    return u64_of(*v, entry);
  };
  DynamicInfo d;
  d.netuid = netuid;
  BT_TRY(std::uint64_t tao_in, read("SubnetTAO"));
  BT_TRY(std::uint64_t alpha_in, read("SubnetAlphaIn"));
  BT_TRY(std::uint64_t alpha_out, read("SubnetAlphaOut"));
  d.tao_in = Balance::from_rao(tao_in);
  d.alpha_in = Balance::from_rao(alpha_in, netuid);
  d.alpha_out = Balance::from_rao(alpha_out, netuid);
  if (netuid == 0) {
    d.price = Balance::from_rao(Balance::rao_per_tao);
    d.price_f = 1.0;
  } else if (alpha_in > 0) {
    const u128 p = static_cast<u128>(tao_in) * Balance::rao_per_tao / alpha_in;
    d.price = Balance::from_rao(p > UINT64_MAX ? UINT64_MAX : static_cast<std::uint64_t>(p));
    d.price_f = static_cast<double>(tao_in) / static_cast<double>(alpha_in);
  }
  return d;
}

Result<std::optional<std::uint16_t>> Subtensor::get_uid_for_hotkey_on_subnet(
    const crypto::AccountId32& hotkey, std::uint16_t netuid, std::optional<Hash256> at) {
  BT_TRY_VOID(need_storage(*metadata_ptr(), "SubtensorModule", "Uids"));
  std::vector<Value> key{Value::u(netuid), account(hotkey)};
  BT_TRY(auto v, client::storage_value(*client_, "SubtensorModule", "Uids", key, at));
  if (!v) return std::optional<std::uint16_t>{};
  BT_TRY(std::uint64_t uid, u64_of(*v, "uid"));
  return std::optional<std::uint16_t>(static_cast<std::uint16_t>(uid));
}

Result<std::optional<crypto::AccountId32>> Subtensor::get_hotkey_for_uid(std::uint16_t netuid,
                                                                         std::uint16_t uid,
                                                                         std::optional<Hash256> at) {
  BT_TRY_VOID(need_storage(*metadata_ptr(), "SubtensorModule", "Keys"));
  std::vector<Value> key{Value::u(netuid), Value::u(uid)};
  // Keys is a ValueQuery (default: the zero account): absent means no neuron.
  BT_TRY(auto raw_key, metadata::storage_key(metadata(), "SubtensorModule", "Keys", key));
  BT_TRY(auto raw, client_->storage(raw_key, at));
  if (!raw) return std::optional<crypto::AccountId32>{};
  BT_TRY(auto v, client::storage_value(*client_, "SubtensorModule", "Keys", key, at));
  BT_TRY(auto acct, account_of(*v));
  return std::optional<crypto::AccountId32>(acct);
}

Result<Balance> Subtensor::recycle(std::uint16_t netuid, std::optional<Hash256> at) {
  BT_TRY_VOID(need_storage(*metadata_ptr(), "SubtensorModule", "Burn"));
  std::vector<Value> key{Value::u(netuid)};
  BT_TRY(auto v, client::storage_value(*client_, "SubtensorModule", "Burn", key, at));
  if (!v) return Balance{};
  BT_TRY(std::uint64_t rao, u64_of(*v, "Burn"));
  return Balance::from_rao(rao);
}

Result<std::vector<CommitAudit>> Subtensor::audit_commits(std::uint16_t netuid,
                                                          std::optional<crypto::AccountId32> hotkey,
                                                          std::uint16_t mecid, std::optional<Hash256> at) {
  BT_TRY_VOID(refresh_metadata());
  auto md = metadata_ptr();
  const auto item = commits_item(*md);
  if (!item) return fail(SubtensorError::unsupported_by_runtime, "the runtime stores no timelocked commits");
  if (!at) {  // one block for the queues and the pulses
    BT_TRY(Hash256 best, client_->best_hash());
    at = best;
  }
  const StorageRead read = [this, at](const Bytes& key) { return client_->storage(key, at); };
  BT_TRY(PulseSignature pulses, chain_pulse_source(*md, read));
  const std::uint32_t index = static_cast<std::uint32_t>(mecid) * 4096u + netuid;
  if (index > UINT16_MAX) return fail(SubtensorError::invalid_argument, "mecid * 4096 + netuid exceeds u16");
  const Value prefix_key[1] = {Value::u(index)};
  BT_TRY(Bytes prefix, metadata::storage_key(*md, "SubtensorModule", item->name, prefix_key));
  BT_TRY(auto entries, client_->storage_entries(prefix, at));
  std::vector<CommitAudit> out;
  for (const auto& [key, value] : entries) {
    BT_TRY(auto parts, metadata::decode_storage_key(*md, "SubtensorModule", item->name, key));
    if (parts.size() != 2 || !parts[1].value)
      return fail(metadata::MetadataError::type_mismatch, item->name + " key without a readable epoch");
    BT_TRY(std::uint64_t epoch, u64_of(*parts[1].value, "epoch"));
    BT_TRY(auto commits, decode_stored_commits(value, item->layout));
    std::erase_if(commits, [&](const StoredCommit& c) { return hotkey && c.who != *hotkey; });
    for (auto& a : bt::subtensor::audit_commits(commits, pulses)) {
      a.epoch = epoch;
      out.push_back(std::move(a));
    }
  }
  return out;
}

Result<Balance> Subtensor::get_subnet_burn_cost(std::optional<Hash256> at) {
  if (!metadata_ptr()->runtime_api_method("SubnetRegistrationRuntimeApi", "get_network_registration_cost"))
    return fail(SubtensorError::unsupported_by_runtime,
                "no runtime API SubnetRegistrationRuntimeApi.get_network_registration_cost");
  BT_TRY(auto v, client::runtime_api_call(*client_, "SubnetRegistrationRuntimeApi",
                                          "get_network_registration_cost", {}, at));
  BT_TRY(std::uint64_t rao, u64_of(v, "registration cost"));
  return Balance::from_rao(rao);
}

std::optional<ChainError> chain_error(const client::Receipt& r) {
  if (!r.error) return std::nullopt;
  return classify(*r.error);
}

}  // namespace bt::subtensor
