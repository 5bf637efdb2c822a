// SPDX-License-Identifier: MIT
#include <bt/client/submit.hpp>

#include <algorithm>
#include <bt/crypto/hashing.hpp>
#include <bt/metadata/error.hpp>
#include <bt/metadata/value.hpp>

namespace bt::client {

using extrinsic::Era;
using extrinsic::ExtensionParams;

Result<ExtensionParams> prepare_params(Client& client, const crypto::Keypair& signer, const TxOptions& opt) {
  ExtensionParams p;
  BT_TRY(auto rv, client.runtime_version());
  p.spec_version = rv.spec_version;
  p.transaction_version = rv.transaction_version;
  BT_TRY(p.genesis_hash, client.genesis_hash());
  if (opt.period == 0) {
    p.era = Era::immortal();
    p.era_block_hash = p.genesis_hash;
  } else {
    BT_TRY(auto best, client.best_hash());
    BT_TRY(auto header, client.header(best));
    p.era = Era::mortal(opt.period, header.number);
    const std::uint64_t birth = p.era.birth(header.number);
    if (birth == header.number) {
      p.era_block_hash = best;
    } else {
      BT_TRY(p.era_block_hash, client.block_hash(birth));
    }
  }
  if (opt.nonce) {
    p.nonce = *opt.nonce;
  } else {
    BT_TRY(p.nonce, client.account_next_index(signer.ss58_address()));
  }
  p.tip = opt.tip;
  p.metadata_hash = opt.metadata_hash;
  p.custom = opt.custom;
  return p;
}

Result<Bytes> create_signed(Client& client, const metadata::Metadata& md, ByteView call,
                            const crypto::Keypair& signer, const TxOptions& opt) {
  BT_TRY(ExtensionParams p, prepare_params(client, signer, opt));
  return extrinsic::build_signed(md, call, signer, p);
}

namespace {
// Metadata without the RuntimeDispatchInfo type (V14 of older runtimes): the struct is
// { weight: Weight (v2: compact ref_time, compact proof_size; v1: u64), class: u8, partial_fee: Balance },
// with Balance taken from TransactionPayment.TransactionFeePaid's actual_fee field.
Result<FeeEstimate> decode_dispatch_info_fallback(const metadata::Metadata& md, ByteView raw) {
  const metadata::Variant* paid = md.event("TransactionPayment", "TransactionFeePaid");
  if (!paid || paid->fields.size() < 2)
    return fail(metadata::MetadataError::not_found,
                "no RuntimeDispatchInfo type nor TransactionFeePaid event in the metadata");
  const metadata::TypeId balance = paid->fields[1].type;
  scale::Decoder d(raw);
  FeeEstimate f;
  if (md.types.find_by_path("sp_weights::weight_v2::Weight")) {
    f.ref_time = d.read_compact_max(UINT64_MAX, "ref_time");
    f.proof_size = d.read_compact_max(UINT64_MAX, "proof_size");
  } else {
    f.ref_time = d.read_le<std::uint64_t>();
  }
  const std::uint8_t cls = d.read_u8();
  BT_TRY_VOID(d.status());
  static const char* const kClasses[] = {"Normal", "Operational", "Mandatory"};
  if (cls > 2) return fail(scale::DecodeError::invalid_variant, "dispatch class " + std::to_string(cls));
  f.dispatch_class = kClasses[cls];
  metadata::Value fee = metadata::decode_value(md.types, balance, d);
  BT_TRY_VOID(d.finish());
  if (!fee.is(metadata::ValueKind::UInt))
    return fail(metadata::MetadataError::type_mismatch, "Balance is not an unsigned integer");
  f.partial_fee = fee.as_u128();
  return f;
}
}  // namespace

Result<FeeEstimate> query_fee(Client& client, const metadata::Metadata& md, ByteView extrinsic,
                              std::optional<Hash256> at) {
  Bytes args(extrinsic.begin(), extrinsic.end());
  const auto len = static_cast<std::uint32_t>(extrinsic.size());
  for (int i = 0; i < 4; ++i) args.push_back(static_cast<std::uint8_t>(len >> (8 * i)));
  BT_TRY(Bytes raw, client.state_call("TransactionPaymentApi_query_info", args, at));
  const metadata::Type* t = md.types.find_by_path("pallet_transaction_payment::types::RuntimeDispatchInfo");
  if (!t) return decode_dispatch_info_fallback(md, raw);
  BT_TRY(metadata::Value v, metadata::decode_value(md.types, t->id, raw));
  FeeEstimate f;
  if (const metadata::Value* w = v.field("weight")) {
    if (const metadata::Value* r = w->field("ref_time")) {
      BT_TRY(f.ref_time, r->to_u64());
    } else {
      BT_TRY(f.ref_time, w->to_u64());
    }
    if (const metadata::Value* p = w->field("proof_size")) {
      BT_TRY(f.proof_size, p->to_u64());
    }
  }
  if (const metadata::Value* c = v.field("class")) f.dispatch_class = c->name();
  const metadata::Value* fee = v.field("partial_fee");
  if (!fee) return fail(metadata::MetadataError::type_mismatch, "RuntimeDispatchInfo without partial_fee");
  if (fee->is(metadata::ValueKind::Composite) && fee->items().size() == 1) fee = fee->at(0);
  if (!fee->is(metadata::ValueKind::UInt))
    return fail(metadata::MetadataError::type_mismatch, "partial_fee is not an unsigned integer");
  f.partial_fee = fee->as_u128();
  return f;
}

const metadata::EventRecord* ExtrinsicOutcome::find_event(std::string_view pallet,
                                                          std::string_view name) const {
  for (const auto& e : events)
    if (e.pallet == pallet && e.name == name) return &e;
  return nullptr;
}

Result<std::optional<ExtrinsicOutcome>> find_outcome(Client& client, const metadata::Metadata& md,
                                                     const Hash256& block, ByteView extrinsic) {
  BT_TRY(auto blk, client.block(block));
  const Bytes want(extrinsic.begin(), extrinsic.end());
  auto it = std::find(blk.extrinsics.begin(), blk.extrinsics.end(), want);
  if (it == blk.extrinsics.end()) return std::optional<ExtrinsicOutcome>{};
  ExtrinsicOutcome out;
  out.block = block;
  out.index = static_cast<std::uint32_t>(it - blk.extrinsics.begin());
  Bytes key = crypto::twox_128(as_bytes("System")).to_bytes();
  const auto ev = crypto::twox_128(as_bytes("Events"));
  key.insert(key.end(), ev.begin(), ev.end());
  BT_TRY(auto raw, client.storage(key, block));
  if (raw) {
    BT_TRY(auto records, metadata::decode_events(md, *raw));
    for (auto& r : records)
      if (r.phase.kind == metadata::Phase::Kind::ApplyExtrinsic && r.phase.extrinsic_index == out.index)
        out.events.push_back(std::move(r));
  }
  auto set_error = [&](const metadata::Value* v) -> Result<void> {
    if (!v || out.error) return ok();
    BT_TRY(auto info, metadata::dispatch_error_from_value(md, *v));
    out.error = std::move(info);
    return ok();
  };
  for (const auto& e : out.events) {
    if (e.pallet == "System" && e.name == "ExtrinsicFailed") {
      const metadata::Value* v = e.fields.field("dispatch_error");
      BT_TRY_VOID(set_error(v ? v : e.fields.at(0)));
    }
  }
  for (const auto& e : out.events) {
    if (e.pallet == "Sudo" && (e.name == "Sudid" || e.name == "SudoAsDone")) {
      const metadata::Value* r = e.fields.field("sudo_result");
      if (!r) r = e.fields.at(0);
      if (r && r->is(metadata::ValueKind::Variant) && r->name() == "Err") BT_TRY_VOID(set_error(r->at(0)));
    } else if (e.pallet == "Utility" && e.name == "BatchInterrupted") {
      const metadata::Value* v = e.fields.field("error");
      BT_TRY_VOID(set_error(v ? v : e.fields.at(1)));
    }
  }
  return std::optional<ExtrinsicOutcome>(std::move(out));
}

}  // namespace bt::client
