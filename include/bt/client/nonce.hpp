// SPDX-License-Identifier: MIT
// A nonce manager per signing account: many threads may sign and submit from one key back to back.
//
//   bt::client::NonceManager nonces(*client);
//   auto r = nonces.submit(alice.account_id(), [&](std::uint64_t nonce) -> bt::Result<void> {
//     bt::client::TxOptions opt;
//     opt.nonce = nonce;
//     BT_TRY(auto xt, bt::client::create_signed(*client, md, call, alice, opt));
//     BT_TRY(auto hash, client->submit_extrinsic(xt));   // into the pool, in nonce order
//     return bt::ok();
//   });
//
// The next nonce of an account is max(system_accountNextIndex, local counter): the node's answer counts
// the transactions already in its pool, the local counter those this process handed out and that the
// node has not seen yet. submit() holds the account's lock while the callback signs and hands the
// extrinsic to the pool, so transactions of one key reach the pool in nonce order (a node that builds
// blocks from its pool in arrival order, such as chopsticks, would otherwise see nonce n+1 before n and
// drop it as Future). Accounts do not block each other. After a failed callback (a pool rejection, a
// transport error) the account is resynchronised: its local counter is forgotten and the next nonce is
// the node's again, so a gap left by a rejected nonce is filled by the next transaction.
// Thread-safe; the Client must outlive the manager.
#pragma once

#include <bt/client/client.hpp>
#include <bt/crypto/types.hpp>
#include <bt/result.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace bt::client {

class NonceManager {
 public:
  explicit NonceManager(Client& client) : client_(client) {}
  NonceManager(const NonceManager&) = delete;
  NonceManager& operator=(const NonceManager&) = delete;

  // Reserves the next nonce of `account` (max of the node's and the local counter) and advances the
  // local counter. Errors: those of Client::account_next_index.
  Result<std::uint64_t> next(const crypto::AccountId32& account);
  // Reserves a nonce, runs submit(nonce) under the account's lock and advances the local counter when
  // it succeeds; when it fails the account is resynchronised and the callback's error returned.
  Result<std::uint64_t> submit(const crypto::AccountId32& account,
                               const std::function<Result<void>(std::uint64_t)>& submit);
  // Forgets the local counter of `account`: the next nonce is the node's again.
  void resync(const crypto::AccountId32& account);
  // The local counter (the next nonce this manager would use at least), nullopt when none.
  std::optional<std::uint64_t> local(const crypto::AccountId32& account);

 private:
  struct Slot {
    std::mutex mu;
    std::optional<std::uint64_t> next;
  };
  Slot& slot(const crypto::AccountId32& account);
  Result<std::uint64_t> reserve_locked(const crypto::AccountId32& account, Slot& s);

  Client& client_;
  std::mutex map_mu_;
  std::map<crypto::AccountId32, std::unique_ptr<Slot>> slots_;
};

}  // namespace bt::client
