// SPDX-License-Identifier: MIT
// A nonce manager per signing account: many threads may sign and submit from one key back to back.
//
//   bt::client::NonceManager nonces(*client);          // NonceMode::cached by default
//   auto r = nonces.submit(alice.account_id(), [&](std::uint64_t nonce) -> bt::Result<void> {
//     bt::client::TxOptions opt;
//     opt.nonce = nonce;
//     BT_TRY(auto xt, bt::client::create_signed(*client, md, call, alice, opt));
//     BT_TRY(auto hash, client->submit_extrinsic(xt));   // into the pool, in nonce order
//     return bt::ok();
//   });
//
// Where a nonce comes from (NonceOptions::mode):
//   * NonceMode::cached (the default): the node is asked (system_accountNextIndex, which counts the
//     transactions already in its pool) when the account has no local counter, then nonces are counted
//     locally. The counter is dropped, so the next nonce is the node's again, after a failed callback
//     (a pool rejection: stale, future, already imported, low priority, invalid...; a transport error),
//     after `idle_refresh` without a nonce handed out, and on resync() (on demand). One round trip per
//     transaction is saved, which is what bounds back-to-back throughput against a slow node.
//   * NonceMode::query: the node is asked before every nonce (one extra round trip per transaction).
// In both modes a nonce handed out is max(node's answer, local counter) whenever the node is asked: the
// node's answer counts the transactions in its pool, the local counter those reserved by next() that the
// node may not have seen yet.
//
// Why cached is safe as the default: submit() holds the account's lock while the callback signs and
// hands the extrinsic to the pool, and advances the counter only when the pool accepted it, so for the
// transactions of this manager the local counter equals what the node would answer. It can only be
// behind when something else (another process, another manager, a wallet) used the same key since the
// last refresh; the node then refuses the reused nonce (stale when that transaction is in a block,
// already imported / priority too low while it is in the pool), the callback fails, the counter is
// dropped and the next attempt reads the node's nonce. Subtensor::sign_and_submit retries such a refusal
// (SubmitOptions::nonce_retries), so a key shared with another sender costs one refused submission, never
// a wrong transaction. The query mode narrows (does not close) that window for keys shared on purpose.
//
// submit() keeps transactions of one key reaching the pool in nonce order (a node that builds blocks
// from its pool in arrival order, such as chopsticks, would otherwise see nonce n+1 before n and drop it
// as Future). Accounts do not block each other. Thread-safe; the Client must outlive the manager.
#pragma once

#include <bt/client/client.hpp>
#include <bt/crypto/types.hpp>
#include <bt/result.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace bt::client {

enum class NonceMode {
  cached,  // ask the node once, then count locally until a failure, an idle period or resync()
  query,   // ask the node before every nonce
};

struct NonceOptions {
  NonceMode mode = NonceMode::cached;
  // cached mode: a local counter unused for this long is refreshed from the node before its next use
  // (catches a key used elsewhere in the meantime without a refused submission). 0 = never idle out.
  std::chrono::milliseconds idle_refresh{30000};
};

class NonceManager {
 public:
  explicit NonceManager(Client& client, NonceOptions options = {}) : client_(client), options_(options) {}
  NonceManager(const NonceManager&) = delete;
  NonceManager& operator=(const NonceManager&) = delete;

  NonceOptions options() const;
  // Applies to the nonces handed out from now on; local counters are kept.
  void set_options(NonceOptions options);

  // Reserves the next nonce of `account` and advances the local counter. Errors: those of
  // Client::account_next_index (when the node is asked).
  Result<std::uint64_t> next(const crypto::AccountId32& account);
  // Reserves a nonce, runs submit(nonce) under the account's lock and advances the local counter when
  // it succeeds; when it fails the account is resynchronised and the callback's error returned.
  Result<std::uint64_t> submit(const crypto::AccountId32& account,
                               const std::function<Result<void>(std::uint64_t)>& submit);
  // Forgets the local counter of `account`: its next nonce is the node's again (an on-demand refresh).
  void resync(const crypto::AccountId32& account);
  // Forgets every local counter.
  void resync_all();
  // The local counter (the next nonce this manager would use at least), nullopt when none.
  std::optional<std::uint64_t> local(const crypto::AccountId32& account);
  // How many times the node was asked (system_accountNextIndex), over all accounts.
  std::uint64_t node_queries() const noexcept;

 private:
  struct Slot {
    std::mutex mu;
    std::optional<std::uint64_t> next;
    std::chrono::steady_clock::time_point used{};  // when `next` was last set
  };
  Slot& slot(const crypto::AccountId32& account);
  Result<std::uint64_t> reserve_locked(const crypto::AccountId32& account, Slot& s);
  static void advance_locked(Slot& s, std::uint64_t nonce);

  Client& client_;
  mutable std::mutex options_mu_;  // guards options_ (taken under a slot's lock)
  NonceOptions options_;
  std::mutex map_mu_;  // guards slots_; never taken while a slot's lock is held
  std::map<crypto::AccountId32, std::unique_ptr<Slot>> slots_;
  std::atomic<std::uint64_t> node_queries_{0};
};

}  // namespace bt::client
