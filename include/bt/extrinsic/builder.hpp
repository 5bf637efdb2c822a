// SPDX-License-Identifier: MIT
// Extrinsic format v4: signing, assembling and decoding signed and unsigned extrinsics.
//
//   auto call = bt::metadata::encode_call(md, "Balances", "transfer_keep_alive", args).value();
//   auto xt = bt::extrinsic::build_signed(md, call, alice, params);   // params: extensions.hpp
//   auto d = bt::extrinsic::decode_extrinsic(md, *xt);                 // signer, signature, extra, call
//
// Layout (sp_runtime UncheckedExtrinsic, version 4):
//   signed:   Compact<u32>(len) ++ 0x84 ++ address ++ MultiSignature ++ extra ++ call
//   unsigned: Compact<u32>(len) ++ 0x04 ++ call
// address is MultiAddress::Id(account_id) (0x00 ++ 32 bytes) when the runtime's address type is a
// MultiAddress, the raw 32-byte account when it is an AccountId32. The signature is over
//   payload = call ++ extra ++ additional, replaced by blake2b-256(payload) when longer than 256 bytes.
// `len` counts the bytes after the length prefix.
#pragma once

#include <bt/bytes.hpp>
#include <bt/crypto/keypair.hpp>
#include <bt/extrinsic/extensions.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/value.hpp>
#include <bt/result.hpp>
#include <cstdint>
#include <optional>
#include <vector>

namespace bt::extrinsic {

inline constexpr std::uint8_t kExtrinsicVersion = 4;

// The bytes a signer signs: call ++ extra ++ additional, or blake2b-256 of that when > 256 bytes.
Bytes signing_payload(ByteView call, const EncodedExtensions& ext);

// Assembles a signed v4 extrinsic from its parts (no signing; see build_signed).
// ExtrinsicError::extension_type_mismatch if the metadata's address type is neither a MultiAddress
// nor a 32-byte account id.
Result<Bytes> assemble_signed(const metadata::Metadata& md, const crypto::AccountId32& signer,
                              const crypto::MultiSignature& signature, ByteView extra, ByteView call);

// Encodes the extensions from `params`, signs the payload with `signer` and assembles the extrinsic.
// Errors: those of encode_extensions and assemble_signed.
Result<Bytes> build_signed(const metadata::Metadata& md, ByteView call, const crypto::Keypair& signer,
                           const ExtensionParams& params);

// An unsigned (bare/inherent-style) v4 extrinsic: Compact(len) ++ 0x04 ++ call.
Bytes build_unsigned(ByteView call);

// blake2b-256 of the whole encoded extrinsic (with its length prefix): the hash nodes report.
Hash256 extrinsic_hash(ByteView extrinsic);

struct DecodedExtrinsic {
  std::uint8_t version = 0;  // 4
  bool is_signed = false;
  // Signed only:
  std::optional<crypto::AccountId32> signer;  // the MultiAddress::Id account (or raw account)
  std::optional<crypto::MultiSignature> signature;
  Bytes extra;                               // the raw extra bytes
  std::vector<DecodedExtension> extensions;  // extra, decoded per extension
  // Both:
  Bytes call;  // RuntimeCall bytes
};

// Decodes one whole extrinsic (length prefix included). Errors (typed, never a crash):
// DecodeError (truncated data, bad compact) or ExtrinsicError::malformed (length prefix disagreeing
// with the input, unknown address/signature variants, a call that does not decode with the metadata's
// RuntimeCall type), ExtrinsicError::unsupported_version for a version byte other than 4 / 0x84.
Result<DecodedExtrinsic> decode_extrinsic(const metadata::Metadata& md, ByteView extrinsic);

// Recomputes the signing payload from a decoded signed extrinsic and `additional` (the implicit data,
// e.g. encode_extensions(md, params)->additional) and verifies the signature against the signer.
bool verify_extrinsic(const DecodedExtrinsic& xt, ByteView additional);

}  // namespace bt::extrinsic
