// SPDX-License-Identifier: MIT
// Submit and wait: a signed extrinsic is submitted, followed until it is in a block (or finalized) and
// its outcome returned as a typed Receipt; a node's refusal to take it into the pool is a typed TxError.
//
//   auto xt = bt::client::create_signed(*client, md, call, alice).value();
//   auto r = bt::client::submit_and_wait(*client, md, xt, {.wait_for = bt::client::WaitFor::in_block});
//   if (!r) { if (r.error() == bt::client::TxError::stale) ...; }      // rejected by the pool
//   else if (!r->success()) std::cout << r->error->to_string();         // included, dispatch failed
//   else std::cout << "fee " << r->fee_paid << " in #" << r->block_number;
//
// Pool rejections come from the node's JSON-RPC error to author_submit(AndWatch)Extrinsic. Two shapes are
// understood (classify_pool_error):
//   * polkadot-sdk (sc-rpc author API): code 1010 "Invalid Transaction" with data naming the
//     InvalidTransaction variant ("Transaction is outdated", "Transaction has a bad signature", ...),
//     1011 unknown validity, 1012 temporarily banned, 1013 already imported, 1014 priority too low,
//     1015..1020 other pool refusals;
//   * chopsticks: code 1010 / 1011 with the TransactionValidityError as JSON in the message
//     ({"invalid":{"stale":null}}, {"invalid":{"payment":null}}, ...), and the same JSON as a watch
//     status when the extrinsic fails to apply while a block is built.
// A watch that ends "dropped"/"invalid"/"usurped" is TxError::dropped; no block within the timeout is
// TxError::timeout (the extrinsic may still land later).
#pragma once

#include <bt/bytes.hpp>
#include <bt/client/client.hpp>
#include <bt/error.hpp>
#include <bt/int128.hpp>
#include <bt/metadata/events.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/result.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bt::client {

// The codes, each with its value and message, written once: X(enumerator, value, message).
#define BT_TX_ERROR_CODES(X)                                                                             \
  /* InvalidTransaction other than the variants below (Call, ExhaustsResources, Custom, BadSigner...) */ \
  X(invalid, 1, "transaction invalid")                                                                   \
  /* InvalidTransaction::Stale: the nonce was already used */                                            \
  X(stale, 2, "transaction outdated (nonce already used)")                                               \
  /* InvalidTransaction::Future: the nonce is ahead of the account's (refused or dropped) */             \
  X(future, 3, "transaction nonce is in the future")                                                     \
  /* the pool has a transaction with the same tags and a higher or equal priority */                     \
  X(low_priority, 4, "transaction priority too low to replace one in the pool")                          \
  /* InvalidTransaction::AncientBirthBlock: the mortal era's birth block is unknown or too old */        \
  X(ancient_birth_block, 5, "transaction has an ancient birth block")                                    \
  /* InvalidTransaction::Payment: the signer cannot pay the fees */                                      \
  X(cannot_pay_fees, 6, "signer cannot pay the transaction fees")                                        \
  /* InvalidTransaction::BadProof: the signature does not verify (wrong key, genesis or era hash) */     \
  X(bad_signature, 7, "transaction has a bad signature")                                                 \
  /* UnknownTransaction (1011): the validity could not be determined */                                  \
  X(unknown_validity, 8, "transaction validity unknown")                                                 \
  /* 1012: banned for a while after an earlier rejection */                                              \
  X(temporarily_banned, 9, "transaction temporarily banned")                                             \
  /* 1013: the very same extrinsic is already in the pool */                                             \
  X(already_imported, 10, "transaction already in the pool")                                             \
  /* other pool errors (1015..1020: cycle, immediately dropped, unactionable, ...) */                    \
  X(pool_rejected, 11, "transaction rejected by the pool")                                               \
  /* not in a block (or not finalized) before the timeout; it may still be included later */             \
  X(timeout, 12, "transaction not included before the timeout")                                          \
  /* the pool dropped it after accepting it (dropped, invalid, usurped) */                               \
  X(dropped, 13, "transaction dropped from the pool")

enum class TxError { BT_TX_ERROR_CODES(BT_ERROR_ENUMERATOR) };
BT_DECLARE_ERROR_ENUM(TxError, tx_category);

// The TxError for a node's answer to author_submitExtrinsic / author_submitAndWatchExtrinsic:
// nullopt when `e` is not a transaction pool refusal (transport error, timeout, other JSON-RPC error).
// The returned error's detail keeps the node's text.
std::optional<Error> classify_pool_error(const Error& e);
// The TxError for a TransactionValidityError as JSON ({"invalid":{"stale":null}}, {"unknown":...}, or the
// polkadot-sdk reason string). nullopt when the text is not one.
std::optional<Error> classify_validity_text(std::string_view text);
// True for rejections a fresh nonce can fix (stale, future, already_imported, low_priority).
bool is_nonce_rejection(const Error& e) noexcept;

enum class WaitFor {
  none,       // submit only: the receipt has the extrinsic hash, no block
  in_block,   // until the extrinsic is in a block (best chain)
  finalized,  // until that block is finalized
};

struct WaitOptions {
  WaitFor wait_for = WaitFor::in_block;
  std::chrono::milliseconds timeout{120000};
};

// The outcome of a submitted extrinsic.
struct Receipt {
  Hash256 extrinsic_hash{};
  bool included = false;  // false only for WaitFor::none
  bool finalized = false;
  Hash256 block_hash{};
  std::uint64_t block_number = 0;
  std::uint32_t index = 0;                    // position in the block
  std::vector<metadata::EventRecord> events;  // events of this extrinsic
  // The dispatch error (System.ExtrinsicFailed, a failed Sudo.Sudid, Utility.BatchInterrupted); nullopt
  // when the call succeeded.
  std::optional<metadata::DispatchErrorInfo> error;
  u128 fee_paid = 0;  // TransactionPayment.TransactionFeePaid.actual_fee (rao)
  u128 tip = 0;       // TransactionPayment.TransactionFeePaid.tip

  bool success() const noexcept { return included && !error.has_value(); }
  // The first event named pallet.name, or nullptr.
  const metadata::EventRecord* find_event(std::string_view pallet, std::string_view name) const;
};

// A submitted extrinsic the pool has accepted, not yet waited for (see start_submit).
class PendingTx {
 public:
  PendingTx() = default;
  const Hash256& extrinsic_hash() const noexcept { return hash_; }
  // Waits as the WaitOptions of start_submit say (once; a second call is ClientError::invalid_argument).
  // Errors: TxError::dropped / timeout / a pool error the node reported while building a block,
  // client/rpc errors, metadata decode errors.
  Result<Receipt> wait();
  struct State;

 private:
  friend Result<PendingTx> start_submit(Client&, const metadata::Metadata&, ByteView, const WaitOptions&);
  std::shared_ptr<State> state_;
  Hash256 hash_{};
};

// Hands `extrinsic` to the node and returns once the pool accepted it (over WebSocket with
// author_submitAndWatchExtrinsic, over HTTP with author_submitExtrinsic; HTTP waits by polling new
// blocks). Splitting submission from waiting lets a caller keep a nonce lock only while submitting.
// Errors: TxError for pool refusals (classify_pool_error), client/rpc errors. `client` and `md` must
// outlive the PendingTx.
Result<PendingTx> start_submit(Client& client, const metadata::Metadata& md, ByteView extrinsic,
                               const WaitOptions& opt = {});

// start_submit + wait. The receipt's events, error and fee are read from the inclusion block.
Result<Receipt> submit_and_wait(Client& client, const metadata::Metadata& md, ByteView extrinsic,
                                const WaitOptions& opt = {});

// The receipt of `extrinsic` included in `block` (events, error, fee, number); nullopt when the block
// does not contain it.
Result<std::optional<Receipt>> receipt_in_block(Client& client, const metadata::Metadata& md,
                                                const Hash256& block, ByteView extrinsic);

}  // namespace bt::client

template <>
struct std::is_error_code_enum<bt::client::TxError> : std::true_type {};
