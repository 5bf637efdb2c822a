// SPDX-License-Identifier: MIT
// bt::subtensor::Subtensor: the one entry point to a subtensor chain, named and shaped like the bittensor
// SDK's `bittensor.Subtensor`: connect by network name or URL, read typed chain state, sign with a key
// object (a Keypair or a Wallet's hotkey/coldkey), submit and wait for a typed Receipt.
//
//   auto st = bt::subtensor::Subtensor::connect("local").value();   // or "finney", "test", "ws://..."
//   auto alice = bt::crypto::Keypair::from_uri("//Alice").value();
//   auto call = bt::subtensor::transfer_keep_alive_call(st->metadata(), bob, 1'000'000'000).value();
//   auto r = st->sign_and_submit(call, alice).value();              // waits until in a block
//   if (!r.success()) std::cout << r.error->to_string();             // e.g. "Balances.InsufficientBalance:
//   ..." std::cout << st->get_balance(bob).value().to_string();          // "τ1,000,001.000000000"
//
// Networks (bittensor/core/settings.py): "finney" wss://entrypoint-finney.opentensor.ai:443, "test"
// wss://test.finney.opentensor.ai:443, "archive" wss://archive.chain.opentensor.ai:443, "local"
// $BT_SUBTENSOR_CHAIN_ENDPOINT or ws://127.0.0.1:9944. connect("") (no network given) uses
// $BT_SUBTENSOR_CHAIN_ENDPOINT when set, else $BT_SUBTENSOR_NETWORK's endpoint, else finney, as the SDK's
// defaults do. A string with "://" is a URL.
//
// Metadata: decoded once per runtime version; metadata() returns the current runtime's and, after a
// runtime upgrade (spec_version of the best block changed), refresh_metadata() — called by every submit —
// switches to the new one, so calls are always built for the runtime that will execute them.
//
// Submitting: sign_and_submit takes the nonce from the Subtensor's NonceManager (max of the node's
// pool-aware next index and the local counter), signs with a mortal era (TxOptions::period, 64 blocks by
// default), hands the extrinsic to the pool under the signer's nonce lock and then waits (outside the
// lock) as SubmitOptions::wait says. A pool rejection of the nonce (stale, future, already imported, low
// priority) resynchronises the account and is retried up to SubmitOptions::nonce_retries times with a
// fresh nonce; other rejections are returned as their TxError. Thread-safe: any number of threads may
// submit through one Subtensor.
//
// Reads take an optional block hash (nullopt: best block). A storage item or runtime API the connected
// runtime lacks is SubtensorError::unsupported_by_runtime naming it.
#pragma once

#include <bt/client/client.hpp>
#include <bt/client/nonce.hpp>
#include <bt/client/submit.hpp>
#include <bt/client/tx.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/crypto/types.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/result.hpp>
#include <bt/subtensor/balance.hpp>
#include <bt/subtensor/calls.hpp>
#include <bt/subtensor/chain_error.hpp>
#include <bt/subtensor/commit_audit.hpp>
#include <bt/subtensor/weights_path.hpp>
#include <bt/wallet/wallet.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bt::subtensor {

// The endpoint of a network name ("finney", "test", "archive", "local"), or `network` itself when it is
// a URL; "" = the SDK's default (see above). SubtensorError::unknown_network otherwise.
Result<std::string> resolve_endpoint(std::string_view network);

struct SubmitOptions {
  client::WaitOptions wait;    // in_block by default, 120 s timeout
  client::TxOptions tx;        // era period, tip; tx.nonce set = no nonce manager
  unsigned nonce_retries = 2;  // re-signings after a nonce rejection
};

enum class KeyRole { hotkey, coldkey };

struct StakeInfo {
  crypto::AccountId32 hotkey{};
  crypto::AccountId32 coldkey{};
  std::uint16_t netuid = 0;
  Balance stake;  // alpha of `netuid` (TAO on netuid 0)
};

struct DelegateTake {
  crypto::AccountId32 hotkey{};
  std::uint16_t take = 0;  // u16 fraction of 65535
  double take_ratio() const noexcept { return take / 65535.0; }
};

// A subnet's hyperparameters read from SubtensorModule storage (fields the runtime lacks stay nullopt).
struct SubnetHyperparameters {
  std::optional<std::uint64_t> rho, kappa, immunity_period, min_allowed_weights, max_weights_limit, tempo,
      min_difficulty, max_difficulty, weights_version, weights_rate_limit, adjustment_interval,
      activity_cutoff, max_validators, min_burn, max_burn, serving_rate_limit, max_allowed_uids,
      commit_reveal_period;
  std::optional<bool> registration_allowed, commit_reveal_weights_enabled;
};

// A subnet's pool (dTAO): TAO and alpha reserves and the price in TAO per alpha.
struct DynamicInfo {
  std::uint16_t netuid = 0;
  Balance tao_in;     // SubnetTAO
  Balance alpha_in;   // SubnetAlphaIn (alpha units)
  Balance alpha_out;  // SubnetAlphaOut (alpha units)
  // tao_in / alpha_in as an exact ratio, and as a double; netuid 0 (root) has price 1.
  Balance price;  // TAO per 1 alpha, rounded down to rao
  double price_f = 0;
};

class Subtensor {
 public:
  // Connects to a network name or URL (resolve_endpoint) and reads the metadata.
  static Result<std::unique_ptr<Subtensor>> connect(std::string_view network = "",
                                                    client::ClientOptions options = {});
  // Wraps an existing client.
  static Result<std::unique_ptr<Subtensor>> from_client(std::unique_ptr<client::Client> client);

  client::Client& client() noexcept { return *client_; }
  const std::string& url() const noexcept { return client_->rpc().url(); }
  // The current runtime's metadata (see refresh_metadata).
  std::shared_ptr<const metadata::Metadata> metadata_ptr() const;
  const metadata::Metadata& metadata() const { return *metadata_ptr(); }
  // Re-reads the runtime version of the best block; loads its metadata if the version changed.
  Result<void> refresh_metadata();
  client::NonceManager& nonces() noexcept { return nonces_; }

  // ---- blocks ----
  Result<std::uint64_t> get_current_block();
  Result<Hash256> get_block_hash(std::optional<std::uint64_t> block = std::nullopt);
  // Blocks until the best block number is >= block (nullopt: the next block), polling every
  // `poll`. SubtensorError::... no: TxError::timeout after `timeout`.
  Result<std::uint64_t> wait_for_block(std::optional<std::uint64_t> block = std::nullopt,
                                       std::chrono::milliseconds timeout = std::chrono::minutes(2),
                                       std::chrono::milliseconds poll = std::chrono::milliseconds(250));

  // ---- submit ----
  Result<client::Receipt> sign_and_submit(ByteView call, const crypto::Keypair& signer,
                                          const SubmitOptions& opt = {});
  // Signs with the wallet's hotkey or coldkey, unlocking it through `password` (an explicit password, the
  // BT_PW_ environment variable of the keyfile, or the callback) if it is not unlocked yet.
  Result<client::Receipt> sign_and_submit(ByteView call, wallet::Wallet& wallet, KeyRole role,
                                          const wallet::PasswordSource& password = {},
                                          const SubmitOptions& opt = {});

  // ---- operations (SDK names) ----
  // Balances.transfer_keep_alive (keep_alive) or transfer_allow_death.
  Result<client::Receipt> transfer(const crypto::Keypair& signer, const crypto::AccountId32& dest,
                                   const Balance& amount, bool keep_alive = true,
                                   const SubmitOptions& opt = {});

  // Balances.transfer_all to dest (keep_alive: leave the existential deposit).
  Result<client::Receipt> transfer_all(const crypto::Keypair& signer, const crypto::AccountId32& dest,
                                       bool keep_alive = true, const SubmitOptions& opt = {});
  // SubtensorModule.add_stake: `amount` TAO from the signing coldkey onto hotkey in netuid.
  Result<client::Receipt> add_stake(const crypto::Keypair& coldkey, const crypto::AccountId32& hotkey,
                                    std::uint16_t netuid, const Balance& amount,
                                    const SubmitOptions& opt = {});
  // SubtensorModule.remove_stake: `amount` alpha of netuid (a Balance of that netuid, or TAO on root).
  Result<client::Receipt> remove_stake(const crypto::Keypair& coldkey, const crypto::AccountId32& hotkey,
                                       std::uint16_t netuid, const Balance& amount,
                                       const SubmitOptions& opt = {});
  // SubtensorModule.unstake_all (every subnet of the hotkey, back to TAO).
  Result<client::Receipt> unstake_all(const crypto::Keypair& coldkey, const crypto::AccountId32& hotkey,
                                      const SubmitOptions& opt = {});
  // SubtensorModule.burned_register of hotkey on netuid, paid by the signing coldkey (recycle(netuid)).
  Result<client::Receipt> burned_register(const crypto::Keypair& coldkey, const crypto::AccountId32& hotkey,
                                          std::uint16_t netuid, const SubmitOptions& opt = {});
  // SubtensorModule.register_network owned by the signing coldkey (get_subnet_burn_cost()).
  Result<client::Receipt> register_network(const crypto::Keypair& coldkey, const crypto::AccountId32& hotkey,
                                           const SubmitOptions& opt = {});
  // SubtensorModule.root_register of hotkey.
  Result<client::Receipt> root_register(const crypto::Keypair& coldkey, const crypto::AccountId32& hotkey,
                                        const SubmitOptions& opt = {});
  // SubtensorModule.serve_axon, signed by the hotkey.
  Result<client::Receipt> serve_axon(const crypto::Keypair& hotkey, std::uint16_t netuid,
                                     const AxonParams& axon, const SubmitOptions& opt = {});

  // ---- weights (SDK names) ----
  // bittensor's Subtensor.set_weights: uids/weights converted by convert_weights_and_uids_for_emit, then
  // the call chosen from the chain state (weights_path.hpp), signed by the hotkey:
  //  - commit-reveal disabled: check_set_weights runs first; when it lists problems nothing is submitted
  //    and the result is SubtensorError::weights_rejected whose message lists every problem as
  //    "<issue>: <message>" (e.g. "rate_limit: ..."); otherwise set_weights (path set_weights).
  //  - commit-reveal enabled: the timelocked commit the runtime has (path commit_timelocked_* or
  //    commit_crv3_*, with the drand reveal round), encrypted to the round after the reveal period;
  //    a runtime with only hash commit-reveal gives SubtensorError::unsupported_by_runtime (use
  //    commit_weights / reveal_weights there).
  // Other errors: the conversion's SubtensorError codes, client errors. A call the chain still refuses is
  // a receipt with an error (chain_error()).
  struct SetWeightsResult {
    WeightsPath path = WeightsPath::set_weights;
    std::uint64_t reveal_round = 0;  // timelocked paths: the drand round that opens the commit
    client::Receipt receipt;
    bool success() const noexcept { return receipt.success(); }
  };
  Result<SetWeightsResult> set_weights(const crypto::Keypair& hotkey, std::uint16_t netuid,
                                       std::span<const std::int64_t> uids, std::span<const float> weights,
                                       std::uint64_t version_key = 0, const SubmitOptions& opt = {});
  // The same, signed by the wallet's hotkey (unlocked through `password` if needed).
  Result<SetWeightsResult> set_weights(wallet::Wallet& wallet, std::uint16_t netuid,
                                       std::span<const std::int64_t> uids, std::span<const float> weights,
                                       std::uint64_t version_key = 0,
                                       const wallet::PasswordSource& password = {},
                                       const SubmitOptions& opt = {});
  // bittensor's commit_weights (hash commit-reveal v2): SubtensorModule.commit_weights of
  // commit_weights_hash(hotkey, netuid, converted uids/weights, salt, version_key).
  Result<client::Receipt> commit_weights(const crypto::Keypair& hotkey, std::uint16_t netuid,
                                         std::span<const std::uint16_t> salt,
                                         std::span<const std::int64_t> uids, std::span<const float> weights,
                                         std::uint64_t version_key = 0, const SubmitOptions& opt = {});
  // bittensor's reveal_weights: SubtensorModule.reveal_weights with the same uids, weights, salt and
  // version_key as the commit.
  Result<client::Receipt> reveal_weights(const crypto::Keypair& hotkey, std::uint16_t netuid,
                                         std::span<const std::int64_t> uids, std::span<const float> weights,
                                         std::span<const std::uint16_t> salt, std::uint64_t version_key = 0,
                                         const SubmitOptions& opt = {});

  // ---- auditing timelocked commits (commit_audit.hpp, drand_pulse.hpp) ----
  // The timelocked weight commits the chain still stores for netuid's mechanism `mecid` (every epoch's
  // queue of TimelockedWeightCommits / CRV3WeightCommitsV2 / CRV3WeightCommits, all read at one block),
  // only `hotkey`'s when given, each opened with the chain's Drand.Pulses entry of its reveal round after
  // verifying it against the runtime's beacon key (Drand.BeaconConfig). Per commit: opened (payload,
  // accepted()), pending (the pulse of its round is not stored) or failed (why: invalid pulse, wrong
  // round signature, undecodable payload). The chain removes a commit when it reveals it, so these are
  // the commits not revealed yet as of that block. Errors: SubtensorError::unsupported_by_runtime (no
  // commit storage, no Drand pallet), drand_layout_mismatch, client and decode errors.
  Result<std::vector<CommitAudit>> audit_commits(std::uint16_t netuid,
                                                 std::optional<crypto::AccountId32> hotkey = std::nullopt,
                                                 std::uint16_t mecid = 0,
                                                 std::optional<Hash256> at = std::nullopt);

  // ---- reads ----
  Result<Balance> get_balance(const crypto::AccountId32& account, std::optional<Hash256> at = std::nullopt);
  Result<Balance> get_reserved_balance(const crypto::AccountId32& account,
                                       std::optional<Hash256> at = std::nullopt);
  Result<Balance> get_existential_deposit(std::optional<Hash256> at = std::nullopt);
  // Alpha staked by coldkey on hotkey in netuid: Alpha shares * TotalHotkeyAlpha / TotalHotkeyShares.
  Result<Balance> get_stake(const crypto::AccountId32& coldkey, const crypto::AccountId32& hotkey,
                            std::uint16_t netuid, std::optional<Hash256> at = std::nullopt);
  // Every non-zero stake of a coldkey (its StakingHotkeys, each hotkey's subnets).
  Result<std::vector<StakeInfo>> get_stake_info_for_coldkey(const crypto::AccountId32& coldkey,
                                                            std::optional<Hash256> at = std::nullopt);
  // Delegates and their take (SubtensorModule.Delegates).
  Result<std::vector<DelegateTake>> get_delegates(std::optional<Hash256> at = std::nullopt);
  Result<std::optional<std::uint16_t>> get_delegate_take(const crypto::AccountId32& hotkey,
                                                         std::optional<Hash256> at = std::nullopt);
  Result<SubnetHyperparameters> get_subnet_hyperparameters(std::uint16_t netuid,
                                                           std::optional<Hash256> at = std::nullopt);
  Result<DynamicInfo> get_subnet_dynamic_info(std::uint16_t netuid, std::optional<Hash256> at = std::nullopt);
  Result<bool> subnet_exists(std::uint16_t netuid, std::optional<Hash256> at = std::nullopt);
  Result<std::optional<std::uint16_t>> get_uid_for_hotkey_on_subnet(const crypto::AccountId32& hotkey,
                                                                    std::uint16_t netuid,
                                                                    std::optional<Hash256> at = std::nullopt);
  Result<std::optional<crypto::AccountId32>> get_hotkey_for_uid(std::uint16_t netuid, std::uint16_t uid,
                                                                std::optional<Hash256> at = std::nullopt);
  // The burn to register a neuron on netuid (SubtensorModule.Burn).
  Result<Balance> recycle(std::uint16_t netuid, std::optional<Hash256> at = std::nullopt);
  // The lock cost of registering a new subnet (SubnetRegistrationRuntimeApi).
  Result<Balance> get_subnet_burn_cost(std::optional<Hash256> at = std::nullopt);

 private:
  explicit Subtensor(std::unique_ptr<client::Client> c);
  // Builds the call for the current runtime's metadata and signs and submits it.
  Result<client::Receipt> submit_built(const crypto::Keypair& signer, const SubmitOptions& opt,
                                       const std::function<Result<Bytes>(const metadata::Metadata&)>& build);
  std::unique_ptr<client::Client> client_;
  client::NonceManager nonces_;
  mutable std::mutex md_mu_;
  std::shared_ptr<const metadata::Metadata> md_;
  std::uint32_t spec_version_ = 0;
};

// The typed SubtensorModule error of a receipt's dispatch error (nullopt: success or another pallet).
std::optional<ChainError> chain_error(const client::Receipt& r);

}  // namespace bt::subtensor
