// SPDX-License-Identifier: MIT
#include <bt/client/tx.hpp>

#include <bt/client/submit.hpp>
#include <bt/extrinsic/builder.hpp>
#include <bt/rpc/error.hpp>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/json_limits.hpp"
#include "detail/error_category.hpp"

namespace bt::client {

BT_DEFINE_ERROR_CATEGORY_FROM_CODES(TxError, tx_category, "bt.tx", BT_TX_ERROR_CODES)

namespace {
using nlohmann::json;

bool contains(std::string_view text, std::string_view what) {
  return text.find(what) != std::string_view::npos;
}

// An InvalidTransaction variant, named as polkadot-js writes it in JSON (camelCase) or as polkadot-sdk's
// description string.
TxError invalid_kind(std::string_view s) {
  if (s == "stale" || contains(s, "outdated")) return TxError::stale;
  if (s == "future" || contains(s, "valid in the future")) return TxError::future;
  if (s == "badProof" || contains(s, "bad signature")) return TxError::bad_signature;
  if (s == "ancientBirthBlock" || contains(s, "ancient birth block")) return TxError::ancient_birth_block;
  if (s == "payment" || contains(s, "pay some fees")) return TxError::cannot_pay_fees;
  return TxError::invalid;
}

// {"invalid":{"stale":null}} / {"invalid":"Stale"} / {"unknown":{...}} (chopsticks' polkadot-js JSON).
std::optional<TxError> from_validity_json(const json& j) {
  if (j.is_string()) {
    std::string s = j.get<std::string>();
    if (s == "invalid" || s == "Invalid") return TxError::dropped;  // polkadot-sdk watch status
    return std::nullopt;
  }
  if (!j.is_object() || j.size() != 1) return std::nullopt;
  std::string key = j.begin().key();
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  const json& inner = j.begin().value();
  if (key == "unknown") return TxError::unknown_validity;
  if (key != "invalid") return std::nullopt;
  std::string variant;
  if (inner.is_string()) variant = inner.get<std::string>();
  if (inner.is_object() && inner.size() == 1) variant = inner.begin().key();
  if (!variant.empty()) variant[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(variant[0])));
  return invalid_kind(variant);
}

Error tx_error(TxError code, std::string detail) { return Error(code, std::move(detail)); }

}  // namespace

std::optional<Error> classify_validity_text(std::string_view text) {
  auto parsed = ::bt::detail::parse_json_checked(text);
  if (parsed.ok()) {
    if (auto k = from_validity_json(parsed.value)) return tx_error(*k, std::string(text));
    return std::nullopt;
  }
  // polkadot-sdk's description strings.
  const TxError k = invalid_kind(text);
  if (k != TxError::invalid) return tx_error(k, std::string(text));
  return std::nullopt;
}

std::optional<Error> classify_pool_error(const Error& e) {
  auto node = rpc::node_error(e);
  if (!node) return std::nullopt;
  const long long code = node->code;
  if (code < 1010 || code > 1020) return std::nullopt;
  std::string data;
  if (!node->data_json.empty()) {
    auto parsed = ::bt::detail::parse_json_checked(node->data_json);
    if (parsed.ok() && parsed.value.is_string())
      data = parsed.value.get<std::string>();
    else
      data = node->data_json;
  }
  std::string detail = "[";
  detail.append(std::to_string(code)).append("] ").append(node->message);
  if (!data.empty()) detail.append(": ").append(data);
  switch (code) {
    case 1010: {
      // chopsticks: the validity error as JSON in the message; polkadot-sdk: the reason in data.
      if (auto c = classify_validity_text(node->message)) return Error(c->code(), detail);
      if (!data.empty()) return tx_error(invalid_kind(data), detail);
      return tx_error(TxError::invalid, detail);
    }
    case 1011:
      return tx_error(TxError::unknown_validity, detail);
    case 1012:
      return tx_error(TxError::temporarily_banned, detail);
    case 1013:
      return tx_error(TxError::already_imported, detail);
    case 1014:
      return tx_error(TxError::low_priority, detail);
    default:
      return tx_error(TxError::pool_rejected, detail);
  }
}

bool is_nonce_rejection(const Error& e) noexcept {
  return e == TxError::stale || e == TxError::future || e == TxError::already_imported ||
         e == TxError::low_priority;
}

const metadata::EventRecord* Receipt::find_event(std::string_view pallet, std::string_view name) const {
  for (const auto& e : events)
    if (e.pallet == pallet && e.name == name) return &e;
  return nullptr;
}

Result<std::optional<Receipt>> receipt_in_block(Client& client, const metadata::Metadata& md,
                                                const Hash256& block, ByteView extrinsic) {
  BT_TRY(auto outcome, find_outcome(client, md, block, extrinsic));
  if (!outcome) return std::optional<Receipt>{};
  Receipt r;
  r.extrinsic_hash = extrinsic::extrinsic_hash(extrinsic);
  r.included = true;
  r.block_hash = block;
  r.index = outcome->index;
  r.error = std::move(outcome->error);
  r.events = std::move(outcome->events);
  BT_TRY(auto header, client.header(block));
  r.block_number = header.number;
  for (const auto& ev : r.events) {
    if (ev.pallet != "TransactionPayment" || ev.name != "TransactionFeePaid") continue;
    const metadata::Value* fee = ev.fields.field("actual_fee");
    if (!fee) fee = ev.fields.at(1);
    const metadata::Value* tip = ev.fields.field("tip");
    if (!tip) tip = ev.fields.at(2);
    if (fee && fee->is(metadata::ValueKind::UInt)) r.fee_paid = fee->as_u128();
    if (tip && tip->is(metadata::ValueKind::UInt)) r.tip = tip->as_u128();
  }
  return std::optional<Receipt>(std::move(r));
}

// Statuses of one watched extrinsic, handed from the subscription's dispatch thread to the waiter.
struct PendingTx::State {
  Client* client = nullptr;
  const metadata::Metadata* md = nullptr;
  Bytes extrinsic;
  WaitOptions opt;
  bool waited = false;
  // WebSocket: the watch
  std::optional<rpc::Subscription> sub;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Result<std::string>> statuses;
  // HTTP: the best block number before submission
  std::uint64_t start_number = 0;
};

namespace {

// What a watch status means for the waiter.
struct Status {
  enum class Kind { pending, in_block, finalized, failed } kind = Kind::pending;
  Hash256 block{};
  std::optional<Error> error;
};

Status interpret(const Result<std::string>& raw) {
  Status s;
  if (!raw) {
    s.kind = Status::Kind::failed;
    s.error = raw.error();
    return s;
  }
  auto parsed = ::bt::detail::parse_json_checked(*raw);
  if (!parsed.ok()) {
    s.kind = Status::Kind::failed;
    s.error = Error(ClientError::bad_response, "extrinsic status: " + parsed.error);
    return s;
  }
  const json& j = parsed.value;
  if (j.is_string()) {
    const std::string t = j.get<std::string>();
    if (t == "dropped" || t == "invalid" || t == "usurped") {
      s.kind = Status::Kind::failed;
      s.error = tx_error(TxError::dropped, "status " + t);
    }
    return s;  // "ready", "future"
  }
  if (!j.is_object() || j.size() != 1) return s;
  const std::string key = j.begin().key();
  const json& v = j.begin().value();
  if (key == "inBlock" || key == "finalized") {
    Result<Hash256> h = v.is_string() ? Hash256::from_hex(v.get<std::string>())
                                      : Result<Hash256>(fail(ClientError::bad_response, "not a string"));
    if (!h) {
      s.kind = Status::Kind::failed;
      s.error = Error(ClientError::bad_response, "extrinsic status " + key + ": not a block hash");
      return s;
    }
    s.block = *h;
    s.kind = key == "inBlock" ? Status::Kind::in_block : Status::Kind::finalized;
    return s;
  }
  if (key == "usurped" || key == "dropped" || key == "finalityTimeout") {
    s.kind = Status::Kind::failed;
    s.error = tx_error(TxError::dropped, "status " + key);
    return s;
  }
  if (key == "broadcast" || key == "retracted" || key == "ready" || key == "future") return s;
  // chopsticks: the TransactionValidityError the extrinsic failed with while a block was built.
  if (auto e = classify_validity_text(*raw)) {
    s.kind = Status::Kind::failed;
    s.error = *e;
  }
  return s;
}

Result<Receipt> wait_watch(PendingTx::State& st) {
  const auto deadline = std::chrono::steady_clock::now() + st.opt.timeout;
  std::optional<Hash256> in_block;
  for (;;) {
    std::unique_lock lock(st.mu);
    if (!st.cv.wait_until(lock, deadline, [&] { return !st.statuses.empty(); })) {
      lock.unlock();
      st.sub->unsubscribe();
      // In a block but not finalized in time: still a timeout (the caller asked for finality).
      return fail(TxError::timeout, in_block ? "in block " + to_hex(in_block->view()) + ", not finalized"
                                             : "no block contains it yet");
    }
    Result<std::string> raw = std::move(st.statuses.front());
    st.statuses.pop_front();
    lock.unlock();
    Status s = interpret(raw);
    if (s.kind == Status::Kind::failed) {
      st.sub->unsubscribe();
      return fail(*s.error);
    }
    if (s.kind == Status::Kind::in_block) {
      in_block = s.block;
      if (st.opt.wait_for == WaitFor::in_block) break;
    }
    if (s.kind == Status::Kind::finalized) {
      in_block = s.block;
      break;
    }
  }
  st.sub->unsubscribe();
  BT_TRY(auto receipt, receipt_in_block(*st.client, *st.md, *in_block, st.extrinsic));
  if (!receipt) return fail(ClientError::bad_response, "the node reported a block without the extrinsic");
  receipt->finalized = st.opt.wait_for == WaitFor::finalized;
  return std::move(*receipt);
}

// HTTP (no subscriptions): submit, then look at every new best block until the extrinsic shows up.
Result<Receipt> wait_poll(PendingTx::State& st) {
  Client& client = *st.client;
  const auto& opt = st.opt;
  const ByteView extrinsic = st.extrinsic;
  const auto& md = *st.md;
  const auto deadline = std::chrono::steady_clock::now() + opt.timeout;
  std::uint64_t next = st.start_number + 1;
  std::optional<Receipt> found;
  while (std::chrono::steady_clock::now() < deadline) {
    BT_TRY(auto best, client.header());
    for (; next <= best.number && !found; ++next) {
      BT_TRY(auto hash, client.block_hash(next));
      BT_TRY(auto r, receipt_in_block(client, md, hash, extrinsic));
      if (r) found = std::move(r);
    }
    if (found && opt.wait_for == WaitFor::in_block) return std::move(*found);
    if (found) {
      BT_TRY(auto fin_hash, client.finalized_head());
      BT_TRY(auto fin, client.header(fin_hash));
      if (fin.number >= found->block_number) {
        found->finalized = true;
        return std::move(*found);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return fail(TxError::timeout, found ? "in a block, not finalized" : "no block contains it yet");
}

}  // namespace

Result<PendingTx> start_submit(Client& client, const metadata::Metadata& md, ByteView extrinsic,
                               const WaitOptions& opt) {
  auto st = std::make_shared<PendingTx::State>();
  st->client = &client;
  st->md = &md;
  st->extrinsic.assign(extrinsic.begin(), extrinsic.end());
  st->opt = opt;
  const bool http = client.rpc().url().rfind("http", 0) == 0;
  if (opt.wait_for == WaitFor::none || http) {
    if (http && opt.wait_for != WaitFor::none) {
      BT_TRY(auto start, client.header());
      st->start_number = start.number;
    }
    auto hash = client.submit_extrinsic(extrinsic);
    if (!hash) {
      if (auto pool = classify_pool_error(hash.error())) return fail(*pool);
      return fail(hash.error());
    }
  } else {
    std::weak_ptr<PendingTx::State> weak = st;
    auto sub = client.submit_and_watch(extrinsic, [weak](const Result<std::string>& status) {
      auto s = weak.lock();
      if (!s) return;
      std::lock_guard lock(s->mu);
      s->statuses.push_back(status);
      s->cv.notify_all();
    });
    if (!sub) {
      if (auto pool = classify_pool_error(sub.error())) return fail(*pool);
      return fail(sub.error());
    }
    st->sub = std::move(*sub);
  }
  PendingTx p;
  p.state_ = std::move(st);
  p.hash_ = extrinsic::extrinsic_hash(extrinsic);
  return p;
}

Result<Receipt> PendingTx::wait() {
  if (!state_ || state_->waited) return fail(ClientError::invalid_argument, "PendingTx already waited for");
  state_->waited = true;
  if (state_->opt.wait_for == WaitFor::none) {
    Receipt r;
    r.extrinsic_hash = hash_;
    return r;
  }
  if (state_->sub) return wait_watch(*state_);
  return wait_poll(*state_);
}

Result<Receipt> submit_and_wait(Client& client, const metadata::Metadata& md, ByteView extrinsic,
                                const WaitOptions& opt) {
  BT_TRY(auto pending, start_submit(client, md, extrinsic, opt));
  return pending.wait();
}

}  // namespace bt::client
