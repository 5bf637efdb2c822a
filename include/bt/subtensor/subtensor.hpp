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
// Submitting: sign_and_submit takes the nonce from the Subtensor's NonceManager (NonceMode::cached by
// default: the node's pool-aware next index read once, then counted locally; nonces().set_options()
// switches to NonceMode::query or changes the idle refresh, see bt/client/nonce.hpp), signs with a mortal
// era (TxOptions::period, 64 blocks by default), hands the extrinsic to the pool under the signer's nonce
// lock and then waits (outside the lock) as SubmitOptions::wait says. A pool rejection of the nonce
// (stale, future, already imported, low priority: e.g. the key was used by another sender since the
// counter was read) resynchronises the account and is retried up to SubmitOptions::nonce_retries times
// with the node's fresh nonce; other rejections are returned as their TxError (the account is
// resynchronised too). Thread-safe: any number of threads may submit through one Subtensor.
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

// The SDK's safe staking (add_stake / unstake / swap_stake arguments safe_staking, allow_partial_stake,
// rate_tolerance). safe_staking sends the _limit call with a limit price computed from the subnet's
// current price (get_subnet_dynamic_info(netuid).price) by stake_limit_price: the chain then refuses
// (SlippageTooHigh) or, with allow_partial_stake, fills only the part within the limit. A runtime
// without the _limit call is MetadataError::not_found naming it (spec 218 has none).
struct StakeSafety {
  bool safe_staking = false;
  bool allow_partial_stake = false;
  double rate_tolerance = 0.005;
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
  Result<client::Receipt> add_stake(const crypto::Keypair& coldkey, const crypto::AccountId32& hotkey,
                                    std::uint16_t netuid, const Balance& amount, const StakeSafety& safety,
                                    const SubmitOptions& opt = {});
  Result<client::Receipt> remove_stake(const crypto::Keypair& coldkey, const crypto::AccountId32& hotkey,
                                       std::uint16_t netuid, const Balance& amount, const StakeSafety& safety,
                                       const SubmitOptions& opt = {});
  // SubtensorModule.move_stake: `amount` alpha of origin_netuid from origin_hotkey to destination_hotkey
  // on destination_netuid (the SDK's argument order).
  Result<client::Receipt> move_stake(const crypto::Keypair& coldkey, const crypto::AccountId32& origin_hotkey,
                                     std::uint16_t origin_netuid,
                                     const crypto::AccountId32& destination_hotkey,
                                     std::uint16_t destination_netuid, const Balance& amount,
                                     const SubmitOptions& opt = {});
  // SubtensorModule.swap_stake (swap_stake_limit with safety.safe_staking: limit = origin price /
  // destination price * (1 + rate_tolerance), in rao per alpha as the chain's limit prices are): `amount`
  // alpha of origin_netuid on the same hotkey to destination_netuid.
  Result<client::Receipt> swap_stake(const crypto::Keypair& coldkey, const crypto::AccountId32& hotkey,
                                     std::uint16_t origin_netuid, std::uint16_t destination_netuid,
                                     const Balance& amount, const StakeSafety& safety = {},
                                     const SubmitOptions& opt = {});
  // SubtensorModule.transfer_stake: `amount` alpha of origin_netuid staked by the signer on hotkey becomes
  // destination_coldkey's stake on destination_netuid.
  Result<client::Receipt> transfer_stake(const crypto::Keypair& coldkey,
                                         const crypto::AccountId32& destination_coldkey,
                                         const crypto::AccountId32& hotkey, std::uint16_t origin_netuid,
                                         std::uint16_t destination_netuid, const Balance& amount,
                                         const SubmitOptions& opt = {});
  // SubtensorModule.unstake_all_alpha (every subnet of the hotkey except root, restaked on root).
  Result<client::Receipt> unstake_all_alpha(const crypto::Keypair& coldkey, const crypto::AccountId32& hotkey,
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

  // SubtensorModule.serve_prometheus, signed by the hotkey.
  Result<client::Receipt> serve_prometheus(const crypto::Keypair& hotkey, std::uint16_t netuid,
                                           const PrometheusParams& prometheus, const SubmitOptions& opt = {});
  // The SDK's set_children: SubtensorModule.set_children of hotkey on netuid, signed by the hotkey's
  // coldkey; each child is (proportion in [0, 1], child hotkey), converted by child_proportion. An empty
  // list revokes the children.
  Result<client::Receipt> set_children(const crypto::Keypair& coldkey, const crypto::AccountId32& hotkey,
                                       std::uint16_t netuid,
                                       std::span<const std::pair<double, crypto::AccountId32>> children,
                                       const SubmitOptions& opt = {});
  // SubtensorModule.set_childkey_take (btcli's `stake child take`): take in [0, 1] as u16 =
  // floor(take * 65535) (SubtensorError::fraction_out_of_range / non_finite_weight otherwise).
  Result<client::Receipt> set_childkey_take(const crypto::Keypair& coldkey, const crypto::AccountId32& hotkey,
                                            std::uint16_t netuid, double take, const SubmitOptions& opt = {});
  // SubtensorModule.set_identity of the signing coldkey (btcli `wallet set-identity`).
  Result<client::Receipt> set_identity(const crypto::Keypair& coldkey, const ChainIdentity& identity,
                                       const SubmitOptions& opt = {});
  // The SDK's set_subnet_identity, signed by the subnet owner's coldkey.
  Result<client::Receipt> set_subnet_identity(const crypto::Keypair& coldkey, std::uint16_t netuid,
                                              const SubnetIdentity& identity, const SubmitOptions& opt = {});
  // Utility.batch_all of RuntimeCall bytes built for this runtime (e.g. with the calls.hpp builders):
  // all or nothing, one signature, one nonce.
  Result<client::Receipt> batch_all(const crypto::Keypair& signer, std::span<const Bytes> calls,
                                    const SubmitOptions& opt = {});
  // Local networks: Sudo.sudo(call), signed by the sudo key (//Alice on the local chains).
  Result<client::Receipt> sudo(const crypto::Keypair& sudo_key, ByteView call, const SubmitOptions& opt = {});
  // Sudo.sudo(AdminUtils.sudo_set_<name>(netuid, value)) (calls_admin.hpp's sudo_set_hyperparameter), e.g.
  // "tempo", "weights_set_rate_limit", "commit_reveal_weights_enabled". A refusal by Sudo itself (not the
  // sudo key) is the receipt's error; the inner call's result is the Sudo.Sudid event's field.
  Result<client::Receipt> sudo_set_hyperparameter(const crypto::Keypair& sudo_key, std::string_view name,
                                                  std::uint16_t netuid, std::uint64_t value,
                                                  const SubmitOptions& opt = {});

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

  // SubtensorModule.batch_reveal_weights: several reveal_weights of commit_weights commits in one
  // extrinsic; each entry converted like reveal_weights.
  struct WeightsRevealInput {
    std::vector<std::int64_t> uids;
    std::vector<float> weights;
    std::vector<std::uint16_t> salt;
    std::uint64_t version_key = 0;
  };
  Result<client::Receipt> batch_reveal_weights(const crypto::Keypair& hotkey, std::uint16_t netuid,
                                               std::span<const WeightsRevealInput> reveals,
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
