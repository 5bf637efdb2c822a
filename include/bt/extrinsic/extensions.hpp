// SPDX-License-Identifier: MIT
// Signed (transaction) extensions encoded from the runtime metadata.
//
//   bt::extrinsic::ExtensionParams p;
//   p.spec_version = 218; p.transaction_version = 1;
//   p.genesis_hash = genesis; p.era = Era::mortal(64, best); p.era_block_hash = hash_of_birth_block;
//   p.nonce = 7; p.tip = 0;
//   auto ext = bt::extrinsic::encode_extensions(md, p);   // ext->extra, ext->additional
//
// The metadata's extrinsic extension list is walked in order. For each identifier:
//   CheckNonZeroSender, CheckWeight            nothing (their types must be empty)
//   CheckSpecVersion / CheckTxVersion           additional: spec_version / transaction_version (u32)
//   CheckGenesis                                additional: genesis_hash
//   CheckMortality / CheckEra                   extra: era; additional: era_block_hash (the hash of the
//                                               era's birth block; the genesis hash when immortal)
//   CheckNonce                                  extra: nonce (the metadata type, usually Compact<u32>)
//   ChargeTransactionPayment(+Wrapper)          extra: Compact tip
//   ChargeAssetTxPayment                        extra: { tip, asset_id: None }
//   CheckMetadataHash                           extra: mode (Disabled=0, or Enabled=1 when
//                                               metadata_hash is set); additional: Option<[u8;32]>
//   anything else                               nothing if both its types are empty (unit, empty
//                                               tuple/struct, recursively); a value from
//                                               `ExtensionParams::custom` if given; otherwise
//                                               ExtrinsicError::unknown_extension naming it.
// Values are encoded with the metadata's own types (bt::metadata::encode_value), so a runtime whose
// extension types differ from the expected shape yields ExtrinsicError::extension_type_mismatch
// instead of a wrong transaction.
#pragma once

#include <bt/bytes.hpp>
#include <bt/extrinsic/era.hpp>
#include <bt/extrinsic/error.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/metadata/value.hpp>
#include <bt/result.hpp>
#include <bt/scale/types.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bt::extrinsic {

// Values for an extension this library does not know (encoded with its metadata types).
struct CustomExtension {
  std::string identifier;
  metadata::Value extra;       // for ExtrinsicExtension::type
  metadata::Value additional;  // for ExtrinsicExtension::implicit_type
};

struct ExtensionParams {
  std::uint32_t spec_version = 0;
  std::uint32_t transaction_version = 0;
  Hash256 genesis_hash{};
  Era era;                   // immortal by default
  Hash256 era_block_hash{};  // birth block hash for mortal eras; ignored (genesis used) if immortal
  std::uint64_t nonce = 0;
  scale::u128 tip = 0;
  std::optional<Hash256> metadata_hash;  // CheckMetadataHash (RFC 78); nullopt = mode Disabled
  std::vector<CustomExtension> custom;
};

struct EncodedExtensions {
  Bytes extra;       // goes into the extrinsic, after the signature
  Bytes additional;  // only in the signing payload
};

// Encodes every extension listed by md.extrinsic.extensions (see the file comment).
Result<EncodedExtensions> encode_extensions(const metadata::Metadata& md, const ExtensionParams& params);

// True when a registry type carries no data: the unit/empty tuple, a struct without fields, or
// composites/tuples/arrays of such types (recursively, bounded depth).
bool is_empty_type(const metadata::Registry& reg, metadata::TypeId id);

// The extensions a signed extrinsic carries, in order: md.extrinsic.extensions (V14/V15), or for V16 the
// ones listed for transaction-extension version 0. ExtrinsicError::unsupported_version if V16 lists no
// version 0, ExtrinsicError::malformed for an index out of range.
Result<std::vector<const metadata::ExtrinsicExtension*>> extensions_in_use(const metadata::Metadata& md);

struct DecodedExtension {
  std::string identifier;
  metadata::Value value;  // the extra data as decoded with the extension's metadata type
};
// Reads the `extra` part of a signed extrinsic from `d` (one value per listed extension). Malformed
// input fails the decoder.
std::vector<DecodedExtension> read_extra(const metadata::Metadata& md, scale::Decoder& d);

}  // namespace bt::extrinsic
