// SPDX-License-Identifier: MIT
#include <bt/crypto/hashing.hpp>
#include <bt/extrinsic/builder.hpp>
#include <bt/metadata/calls.hpp>
#include <bt/scale/encoder.hpp>
#include <string>
#include <variant>

namespace bt::extrinsic {
namespace {

enum class AddressKind { multi_address, account_id };

// How the runtime encodes the signer address. MultiAddress (variant with an "Id" variant of index 0)
// is the default when the metadata does not say.
Result<AddressKind> address_kind(const metadata::Metadata& md, std::uint8_t* id_index) {
  *id_index = 0;
  if (!md.extrinsic.address_type) return AddressKind::multi_address;
  const metadata::TypeId tid = *md.extrinsic.address_type;
  const metadata::Type* t = md.types.find(tid);
  if (t) {
    if (const auto* v = std::get_if<metadata::TypeDefVariant>(&t->def)) {
      if (const metadata::Variant* id = v->by_name("Id"); id && id->fields.size() == 1) {
        *id_index = id->index;
        return AddressKind::multi_address;
      }
    }
    const metadata::Type* inner = md.types.find(md.types.resolve_newtype(tid));
    if (inner) {
      if (const auto* a = std::get_if<metadata::TypeDefArray>(&inner->def); a && a->len == 32)
        return AddressKind::account_id;
    }
  }
  return fail(ExtrinsicError::extension_type_mismatch,
              "unsupported extrinsic address type " + md.types.type_name(tid));
}

void put_length_prefixed(Bytes& out, const Bytes& body) {
  scale::Encoder e(body.size() + 5);
  e.put_compact(body.size());
  e.put_bytes(body);
  out = std::move(e).take();
}

}  // namespace

Bytes signing_payload(ByteView call, const EncodedExtensions& ext) {
  Bytes p;
  p.reserve(call.size() + ext.extra.size() + ext.additional.size());
  p.insert(p.end(), call.begin(), call.end());
  p.insert(p.end(), ext.extra.begin(), ext.extra.end());
  p.insert(p.end(), ext.additional.begin(), ext.additional.end());
  if (p.size() > 256) return crypto::blake2b_256(p).to_bytes();
  return p;
}

Result<Bytes> assemble_signed(const metadata::Metadata& md, const crypto::AccountId32& signer,
                              const crypto::MultiSignature& signature, ByteView extra, ByteView call) {
  std::uint8_t id_index = 0;
  BT_TRY(AddressKind kind, address_kind(md, &id_index));
  Bytes body;
  body.reserve(1 + 33 + 66 + extra.size() + call.size());
  body.push_back(0x80 | kExtrinsicVersion);
  if (kind == AddressKind::multi_address) body.push_back(id_index);
  body.insert(body.end(), signer.begin(), signer.end());
  const Bytes sig = signature.encode();
  body.insert(body.end(), sig.begin(), sig.end());
  body.insert(body.end(), extra.begin(), extra.end());
  body.insert(body.end(), call.begin(), call.end());
  Bytes out;
  put_length_prefixed(out, body);
  return out;
}

Result<Bytes> build_signed(const metadata::Metadata& md, ByteView call, const crypto::Keypair& signer,
                           const ExtensionParams& params) {
  BT_TRY(EncodedExtensions ext, encode_extensions(md, params));
  const Bytes payload = signing_payload(call, ext);
  const crypto::MultiSignature sig = signer.sign(payload);
  return assemble_signed(md, signer.account_id(), sig, ext.extra, call);
}

Bytes build_unsigned(ByteView call) {
  Bytes body;
  body.reserve(call.size() + 1);
  body.push_back(kExtrinsicVersion);
  body.insert(body.end(), call.begin(), call.end());
  Bytes out;
  put_length_prefixed(out, body);
  return out;
}

Hash256 extrinsic_hash(ByteView extrinsic) { return crypto::blake2b_256(extrinsic); }

Result<DecodedExtrinsic> decode_extrinsic(const metadata::Metadata& md, ByteView xt) {
  scale::Decoder d(xt);
  const std::uint64_t len = d.read_compact_max(0xffffffffu, "extrinsic length");
  BT_TRY_VOID(d.status());
  if (len != d.remaining())
    return fail(ExtrinsicError::malformed, "length prefix " + std::to_string(len) + " but " +
                                               std::to_string(d.remaining()) + " bytes follow");
  const std::uint8_t vb = d.read_u8();
  BT_TRY_VOID(d.status());
  DecodedExtrinsic out;
  out.version = vb & 0x7f;
  out.is_signed = (vb & 0x80) != 0;
  if (out.version != kExtrinsicVersion)
    return fail(ExtrinsicError::unsupported_version, "extrinsic version byte " + std::to_string(vb));
  if (out.is_signed) {
    std::uint8_t id_index = 0;
    BT_TRY(AddressKind kind, address_kind(md, &id_index));
    if (kind == AddressKind::multi_address) {
      const std::uint8_t a = d.read_u8();
      BT_TRY_VOID(d.status());
      if (a != id_index)
        return fail(ExtrinsicError::malformed,
                    "unsupported address variant " + std::to_string(a) + " (only MultiAddress::Id)");
    }
    crypto::AccountId32 acc;
    d.read_into(acc.data.data(), 32);
    const std::uint8_t scheme = d.read_u8();
    BT_TRY_VOID(d.status());
    if (scheme > 2)
      return fail(ExtrinsicError::malformed, "unknown signature variant " + std::to_string(scheme));
    const auto sch = static_cast<crypto::Scheme>(scheme);
    ByteView sig = d.read_view(crypto::signature_size(sch));
    BT_TRY_VOID(d.status());
    BT_TRY(auto ms, crypto::MultiSignature::make(sch, sig));
    const std::size_t extra_start = d.position();
    out.extensions = read_extra(md, d);
    if (!d.ok()) return fail(ExtrinsicError::malformed, "extra: " + d.error().to_string());
    out.extra.assign(xt.begin() + static_cast<std::ptrdiff_t>(extra_start),
                     xt.begin() + static_cast<std::ptrdiff_t>(d.position()));
    out.signer = acc;
    out.signature = std::move(ms);
  }
  out.call.assign(xt.begin() + static_cast<std::ptrdiff_t>(d.position()), xt.end());
  if (out.call.empty()) return fail(ExtrinsicError::malformed, "no call");
  auto call = metadata::decode_call(md, out.call);
  if (!call) return fail(ExtrinsicError::malformed, "call: " + call.error().to_string());
  return out;
}

bool verify_extrinsic(const DecodedExtrinsic& xt, ByteView additional) {
  if (!xt.is_signed || !xt.signer || !xt.signature) return false;
  EncodedExtensions ext{xt.extra, Bytes(additional.begin(), additional.end())};
  const Bytes payload = signing_payload(xt.call, ext);
  return crypto::verify(*xt.signature, payload, *xt.signer);
}

}  // namespace bt::extrinsic
