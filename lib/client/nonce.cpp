// SPDX-License-Identifier: MIT
#include <bt/client/nonce.hpp>

#include <bt/crypto/ss58.hpp>

#include <algorithm>

namespace bt::client {

NonceManager::Slot& NonceManager::slot(const crypto::AccountId32& account) {
  std::lock_guard lock(map_mu_);
  auto& p = slots_[account];
  if (!p) p = std::make_unique<Slot>();
  return *p;  // slots are never erased, so the reference stays valid
}

Result<std::uint64_t> NonceManager::reserve_locked(const crypto::AccountId32& account, Slot& s) {
  BT_TRY(auto address, crypto::ss58_encode(account.view()));
  BT_TRY(std::uint64_t chain, client_.account_next_index(address));
  return s.next ? std::max(*s.next, chain) : chain;
}

Result<std::uint64_t> NonceManager::next(const crypto::AccountId32& account) {
  Slot& s = slot(account);
  std::lock_guard lock(s.mu);
  BT_TRY(std::uint64_t n, reserve_locked(account, s));
  s.next = n + 1;
  return n;
}

Result<std::uint64_t> NonceManager::submit(const crypto::AccountId32& account,
                                           const std::function<Result<void>(std::uint64_t)>& submit) {
  Slot& s = slot(account);
  std::lock_guard lock(s.mu);
  BT_TRY(std::uint64_t n, reserve_locked(account, s));
  auto r = submit(n);
  if (!r) {
    s.next.reset();
    return fail(r.error());
  }
  s.next = n + 1;
  return n;
}

void NonceManager::resync(const crypto::AccountId32& account) {
  Slot& s = slot(account);
  std::lock_guard lock(s.mu);
  s.next.reset();
}

std::optional<std::uint64_t> NonceManager::local(const crypto::AccountId32& account) {
  Slot& s = slot(account);
  std::lock_guard lock(s.mu);
  return s.next;
}

}  // namespace bt::client
