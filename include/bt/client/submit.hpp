// SPDX-License-Identifier: MIT
// Transactions against a live node: the chain I/O around the offline extrinsic codec (bt::extrinsic).
// Fills ExtensionParams from the chain, estimates fees, finds an extrinsic's outcome in a block.
//
//   auto client = bt::client::Client::connect("ws://127.0.0.1:9944").value();
//   auto md = bt::metadata::Metadata::decode(*client->metadata().value()).value();
//   bt::client::TxOptions opt;                    // nonce from the node, 64-block era, no tip
//   auto xt = bt::client::create_signed(*client, md, call, alice, opt).value();
//   auto hash = client->submit_extrinsic(xt);
//
// This lives in the client layer, not in extrinsic: extrinsic encodes and decodes bytes and knows no
// transport; the layer that owns the connection owns the reads that fill in nonce, era and hashes.
//
// prepare_params reads: runtime version (spec / transaction version), genesis hash, the best header
// (era = Era::mortal(period, number), era_block_hash = hash of the era's birth block) and, when
// opt.nonce is unset, system_accountNextIndex of the signer's SS58 address.
#pragma once

#include <bt/client/client.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/extrinsic/builder.hpp>
#include <bt/extrinsic/extensions.hpp>
#include <bt/metadata/events.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/result.hpp>
#include <cstdint>
#include <optional>

namespace bt::client {

struct TxOptions {
  std::optional<std::uint64_t> nonce;  // nullopt: system_accountNextIndex
  std::uint64_t period = 64;           // mortality in blocks; 0 = immortal
  scale::u128 tip = 0;
  std::optional<Hash256> metadata_hash;
  std::vector<extrinsic::CustomExtension> custom;
};

// Errors: those of the client calls.
Result<extrinsic::ExtensionParams> prepare_params(Client& client, const crypto::Keypair& signer,
                                                  const TxOptions& opt);

// prepare_params + build_signed.
Result<Bytes> create_signed(Client& client, const metadata::Metadata& md, ByteView call,
                            const crypto::Keypair& signer, const TxOptions& opt = {});

// The fee estimate of TransactionPaymentApi::query_info for a signed extrinsic.
struct FeeEstimate {
  std::uint64_t ref_time = 0;
  std::uint64_t proof_size = 0;
  std::string dispatch_class;   // "Normal", "Operational", "Mandatory"
  scale::u128 partial_fee = 0;  // in the chain's smallest unit (rao)
};
// Calls the runtime API directly (state_call "TransactionPaymentApi_query_info" with the extrinsic and its
// length) and decodes the answer with the metadata's RuntimeDispatchInfo type (or, when the registry does
// not have it, as { Weight (v2 if the registry has sp_weights::weight_v2::Weight, else u64), class u8,
// partial_fee: the Balance type of TransactionPayment.TransactionFeePaid }). Unlike the
// payment_queryInfo RPC this works the same on every node (chopsticks answers that RPC with raw SCALE).
// Errors: client errors, MetadataError::not_found when the metadata has no RuntimeDispatchInfo type,
// decode errors.
Result<FeeEstimate> query_fee(Client& client, const metadata::Metadata& md, ByteView extrinsic,
                              std::optional<Hash256> at = std::nullopt);

// What happened to an extrinsic in a block.
struct ExtrinsicOutcome {
  Hash256 block{};
  std::uint32_t index = 0;                    // position in the block
  std::vector<metadata::EventRecord> events;  // events with phase ApplyExtrinsic(index)
  // The failure, if any: System.ExtrinsicFailed's dispatch error, else an Err in Sudo.Sudid /
  // Sudo.SudoAsDone, else Utility.BatchInterrupted's error. nullopt = success.
  std::optional<metadata::DispatchErrorInfo> error;
  bool success() const noexcept { return !error.has_value(); }
  // The first event named pallet.name, or nullptr.
  const metadata::EventRecord* find_event(std::string_view pallet, std::string_view name) const;
};

// Looks for `extrinsic` (exact bytes) in block `block` and decodes its events (System.Events at that
// block). nullopt when the block does not contain it. Errors: client errors, metadata decode errors.
Result<std::optional<ExtrinsicOutcome>> find_outcome(Client& client, const metadata::Metadata& md,
                                                     const Hash256& block, ByteView extrinsic);

}  // namespace bt::client
