// SPDX-License-Identifier: MIT
#include <bt/subtensor/drand_pulse.hpp>

#include <bt/crypto/bls12_381.hpp>
#include <bt/crypto/drand.hpp>
#include <bt/metadata/storage.hpp>
#include <bt/metadata/value.hpp>
#include <bt/scale/decoder.hpp>
#include <bt/scale/encoder.hpp>
#include <bt/subtensor/error.hpp>

#include <string>

namespace bt::subtensor {
namespace {

constexpr std::string_view kDrand = "Drand";
constexpr std::size_t kSignatureLen = 48;  // compressed G1

using metadata::Registry;
using metadata::TypeId;

auto pulse_error(const std::string& what) { return fail(SubtensorError::invalid_drand_pulse, what); }
auto layout_error(const std::string& what) {
  return fail(SubtensorError::drand_layout_mismatch, "Drand.Pulses: " + what);
}

// A BoundedVec<u8, bound>: the Vec<u8> encoding, with the bound the runtime's decoder enforces.
Result<Bytes> read_bounded(scale::Decoder& d, std::size_t bound, const char* what) {
  const ByteView b = d.read_bytes_with_length();
  if (!d.ok()) return fail(d.error());
  if (b.size() > bound)
    return pulse_error(std::string(what) + " has " + std::to_string(b.size()) +
                       " bytes, more than its bound " + std::to_string(bound));
  return Bytes(b.begin(), b.end());
}

// The type behind single-field newtypes (BoundedVec, wrapper structs).
const metadata::Type* resolved(const Registry& reg, TypeId id) { return reg.find(reg.resolve_newtype(id)); }

bool is_primitive(const Registry& reg, TypeId id, metadata::Primitive p) {
  const metadata::Type* t = resolved(reg, id);
  const auto* prim = t ? std::get_if<metadata::TypeDefPrimitive>(&t->def) : nullptr;
  return prim && prim->prim == p;
}

bool is_byte_vec(const Registry& reg, TypeId id) {
  const metadata::Type* t = resolved(reg, id);
  const auto* seq = t ? std::get_if<metadata::TypeDefSequence>(&t->def) : nullptr;
  return seq && is_primitive(reg, seq->type, metadata::Primitive::U8);
}

// The bytes of a decoded Value, looking through single-field composites (BoundedVec).
std::optional<Bytes> bytes_of(const metadata::Value& v) {
  const metadata::Value* p = &v;
  while (p->is(metadata::ValueKind::Composite) && p->items().size() == 1) p = p->at(0);
  if (p->is(metadata::ValueKind::Bytes)) return p->as_bytes();
  if (!p->is(metadata::ValueKind::Sequence)) return std::nullopt;
  Bytes out;
  for (const auto& item : p->items()) {
    if (!item.is(metadata::ValueKind::UInt) || item.as_u128() > 255) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(item.as_u128()));
  }
  return out;
}

}  // namespace

Result<DrandPulse> decode_drand_pulse(ByteView value) {
  scale::Decoder d(value);
  DrandPulse p;
  p.round = d.read_le<std::uint64_t>();
  BT_TRY(p.randomness, read_bounded(d, kPulseRandomnessMax, "randomness"));
  BT_TRY(p.signature, read_bounded(d, kPulseSignatureMax, "signature"));
  BT_TRY_VOID(d.finish());
  return p;
}

Bytes encode_drand_pulse(const DrandPulse& pulse) {
  scale::Encoder e;
  e.put_le<std::uint64_t>(pulse.round);
  e.put_bytes_with_length(pulse.randomness);
  e.put_bytes_with_length(pulse.signature);
  return std::move(e).take();
}

Result<ByteView> pulse_signature_bytes(const DrandPulse& pulse) {
  ByteView sig = pulse.signature;
  if (sig.size() >= 2 && sig[0] == '0' && sig[1] == 'x') sig = sig.subspan(2);
  if (sig.size() < kSignatureLen)
    return pulse_error("round " + std::to_string(pulse.round) + ": signature of " +
                       std::to_string(sig.size()) + " bytes, need 48");
  return sig.first(kSignatureLen);
}

Result<void> check_drand_pulses_layout(const metadata::Metadata& md) {
  if (!md.pallet(kDrand))
    return fail(SubtensorError::unsupported_by_runtime, "the runtime has no Drand pallet");
  const metadata::StorageEntry* e = md.storage_entry(kDrand, "Pulses");
  if (!e) return fail(SubtensorError::unsupported_by_runtime, "no storage item Drand.Pulses");
  const Registry& reg = md.types;
  if (!e->is_map) return layout_error("not a map");
  if (e->hashers.size() != 1 || e->hashers[0] != metadata::StorageHasher::Blake2_128Concat)
    return layout_error("hashers are not [Blake2_128Concat]");
  if (!is_primitive(reg, e->key_type, metadata::Primitive::U64))
    return layout_error("key is " + reg.type_name(e->key_type) + ", not u64");
  const metadata::Type* v = reg.find(e->value_type);
  const auto* c = v ? std::get_if<metadata::TypeDefComposite>(&v->def) : nullptr;
  if (!c || c->fields.size() != 3) return layout_error("value is not a struct of 3 fields");
  const auto named = [&](std::size_t i, const char* name) { return c->fields[i].name == std::string(name); };
  if (!named(0, "round") || !is_primitive(reg, c->fields[0].type, metadata::Primitive::U64))
    return layout_error("first field is not round: u64");
  if (!named(1, "randomness") || !is_byte_vec(reg, c->fields[1].type))
    return layout_error("second field is not randomness: Vec<u8>");
  if (!named(2, "signature") || !is_byte_vec(reg, c->fields[2].type))
    return layout_error("third field is not signature: Vec<u8>");
  return ok();
}

Result<std::optional<Bytes>> read_beacon_public_key(const metadata::Metadata& md, const StorageRead& read) {
  if (!md.storage_entry(kDrand, "BeaconConfig")) return std::optional<Bytes>{};
  BT_TRY(Bytes key, metadata::storage_key(md, kDrand, "BeaconConfig"));
  BT_TRY(std::optional<Bytes> raw, read(key));
  std::optional<metadata::Value> v;
  if (raw) {
    BT_TRY(v, metadata::decode_storage_value(md, kDrand, "BeaconConfig", *raw));
  } else {
    BT_TRY(v, metadata::storage_default(md, kDrand, "BeaconConfig"));
  }
  const metadata::Value* pk = v ? v->field("public_key") : nullptr;
  std::optional<Bytes> bytes = pk ? bytes_of(*pk) : std::nullopt;
  if (!bytes)
    return fail(SubtensorError::drand_layout_mismatch, "Drand.BeaconConfig has no public_key bytes");
  return bytes;
}

Result<PulseSignature> chain_pulse_source(const metadata::Metadata& md, const StorageRead& read,
                                          std::optional<ByteView> beacon_public_key) {
  BT_TRY_VOID(check_drand_pulses_layout(md));
  Bytes key_bytes;
  if (beacon_public_key) {
    key_bytes.assign(beacon_public_key->begin(), beacon_public_key->end());
  } else {
    BT_TRY(std::optional<Bytes> configured, read_beacon_public_key(md, read));
    const ByteView quicknet = crypto::drand::quicknet_public_key();
    key_bytes = configured ? std::move(*configured) : Bytes(quicknet.begin(), quicknet.end());
  }
  namespace bls = crypto::bls12_381;
  BT_TRY(bls::G2 pk, bls::g2_from_compressed(key_bytes));
  if (bls::is_identity(pk)) return fail(bls::Bls12381Error::unexpected_infinity, "beacon public key");
  // The callback keeps its own copy of what it needs: the metadata outlives it only by contract.
  const metadata::Metadata* mdp = &md;
  return PulseSignature([mdp, read, pk](std::uint64_t round) -> Result<std::optional<Bytes>> {
    const metadata::Value keys[1] = {metadata::Value::u(round)};
    BT_TRY(Bytes key, metadata::storage_key(*mdp, kDrand, "Pulses", keys));
    BT_TRY(std::optional<Bytes> raw, read(key));
    if (!raw) return std::optional<Bytes>{};
    BT_TRY(DrandPulse pulse, decode_drand_pulse(*raw));
    if (pulse.round != round)
      return pulse_error("Drand.Pulses[" + std::to_string(round) + "] holds round " +
                         std::to_string(pulse.round));
    BT_TRY(ByteView sig_bytes, pulse_signature_bytes(pulse));
    BT_TRY(bls::G1 sig, bls::g1_from_compressed(sig_bytes));
    if (bls::is_identity(sig) || !crypto::drand::verify_beacon(pk, round, sig))
      return pulse_error("the pulse of round " + std::to_string(round) +
                         " does not verify under the beacon key");
    return std::optional<Bytes>(Bytes(sig_bytes.begin(), sig_bytes.end()));
  });
}

Result<std::vector<CommitAudit>> audit_chain_commits(const metadata::Metadata& md, std::uint16_t netuid_index,
                                                     std::uint64_t epoch, const StorageRead& read,
                                                     std::optional<ByteView> beacon_public_key) {
  BT_TRY(PulseSignature pulses, chain_pulse_source(md, read, beacon_public_key));
  return audit_stored_commits(md, netuid_index, epoch, read, pulses);
}

}  // namespace bt::subtensor
