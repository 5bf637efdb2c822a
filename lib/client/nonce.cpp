// SPDX-License-Identifier: MIT
#include <bt/client/nonce.hpp>

#include <bt/crypto/ss58.hpp>

#include <algorithm>
#include <vector>

namespace bt::client {

NonceOptions NonceManager::options() const {
  std::lock_guard lock(options_mu_);
  return options_;
}

void NonceManager::set_options(NonceOptions options) {
  std::lock_guard lock(options_mu_);
  options_ = options;
}

std::uint64_t NonceManager::node_queries() const noexcept { return node_queries_.load(); }

NonceManager::Slot& NonceManager::slot(const crypto::AccountId32& account) {
  std::lock_guard lock(map_mu_);
  auto& p = slots_[account];
  if (!p) p = std::make_unique<Slot>();
  return *p;  // slots are never erased, so the reference stays valid
}

Result<std::uint64_t> NonceManager::reserve_locked(const crypto::AccountId32& account, Slot& s) {
  const NonceOptions opt = options();
  if (opt.mode == NonceMode::cached && s.next) {
    const bool idle =
        opt.idle_refresh.count() > 0 && std::chrono::steady_clock::now() - s.used >= opt.idle_refresh;
    if (!idle) return *s.next;
  }
  BT_TRY(auto address, crypto::ss58_encode(account.view()));
  node_queries_.fetch_add(1);
  BT_TRY(std::uint64_t chain, client_.account_next_index(address));
  return s.next ? std::max(*s.next, chain) : chain;
}

void NonceManager::advance_locked(Slot& s, std::uint64_t nonce) {
  s.next = nonce + 1;
  s.used = std::chrono::steady_clock::now();
}

Result<std::uint64_t> NonceManager::next(const crypto::AccountId32& account) {
  Slot& s = slot(account);
  std::lock_guard lock(s.mu);
  BT_TRY(std::uint64_t n, reserve_locked(account, s));
  advance_locked(s, n);
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
  advance_locked(s, n);
  return n;
}

void NonceManager::resync(const crypto::AccountId32& account) {
  Slot& s = slot(account);
  std::lock_guard lock(s.mu);
  s.next.reset();
}

void NonceManager::resync_all() {
  std::vector<Slot*> all;
  {
    std::lock_guard lock(map_mu_);  // never held together with a slot's lock
    for (auto& [account, s] : slots_) all.push_back(s.get());
  }
  for (Slot* s : all) {
    std::lock_guard lock(s->mu);
    s->next.reset();
  }
}

std::optional<std::uint64_t> NonceManager::local(const crypto::AccountId32& account) {
  Slot& s = slot(account);
  std::lock_guard lock(s.mu);
  return s.next;
}

}  // namespace bt::client
