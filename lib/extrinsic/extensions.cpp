// SPDX-License-Identifier: MIT
#include <algorithm>
#include <bt/extrinsic/extensions.hpp>
#include <string_view>
#include <type_traits>
#include <variant>

namespace bt::extrinsic {
namespace {

using metadata::Registry;
using metadata::TypeId;
using metadata::Value;

bool is_empty_rec(const Registry& reg, TypeId id, int depth) {
  if (depth > 32) return false;
  const metadata::Type* t = reg.find(id);
  if (!t) return false;
  return std::visit(
      [&](const auto& def) -> bool {
        using D = std::decay_t<decltype(def)>;
        if constexpr (std::is_same_v<D, metadata::TypeDefComposite>) {
          return std::all_of(def.fields.begin(), def.fields.end(),
                             [&](const metadata::Field& f) { return is_empty_rec(reg, f.type, depth + 1); });
        } else if constexpr (std::is_same_v<D, metadata::TypeDefTuple>) {
          return std::all_of(def.types.begin(), def.types.end(),
                             [&](TypeId e) { return is_empty_rec(reg, e, depth + 1); });
        } else if constexpr (std::is_same_v<D, metadata::TypeDefArray>) {
          return def.len == 0 || is_empty_rec(reg, def.type, depth + 1);
        } else {
          return false;
        }
      },
      t->def);
}

// Encodes `v` as `type`, mapping shape errors to extension_type_mismatch naming the extension.
Result<void> put_value(const metadata::Metadata& md, TypeId type, const Value& v, std::string_view ext,
                       std::string_view part, Bytes& out) {
  auto enc = metadata::encode_value(md.types, type, v);
  if (!enc)
    return fail(ExtrinsicError::extension_type_mismatch, std::string(ext) + " " + std::string(part) +
                                                             " (type " + md.types.type_name(type) +
                                                             "): " + enc.error().to_string());
  out.insert(out.end(), enc->begin(), enc->end());
  return ok();
}

Result<void> require_empty(const metadata::Metadata& md, TypeId type, std::string_view ext,
                           std::string_view part) {
  if (is_empty_type(md.types, type)) return ok();
  return fail(ExtrinsicError::extension_type_mismatch, std::string(ext) + " " + std::string(part) +
                                                           " should carry no data but has type " +
                                                           md.types.type_name(type));
}

// The era type must be sp_runtime's Era enum (variant type whose path ends in "Era").
Result<void> check_era_type(const metadata::Metadata& md, TypeId type, std::string_view ext) {
  const metadata::Type* t = md.types.find(md.types.resolve_newtype(type));
  if (t && std::holds_alternative<metadata::TypeDefVariant>(t->def) && !t->path.empty() &&
      t->path.back() == "Era" && std::get<metadata::TypeDefVariant>(t->def).variants.size() == 256)
    return ok();
  return fail(ExtrinsicError::extension_type_mismatch,
              std::string(ext) + " extra should be sp_runtime Era, got " + md.types.type_name(type));
}

Value hash_value(const Hash256& h) { return Value::bytes(h.to_bytes()); }

}  // namespace

bool is_empty_type(const Registry& reg, TypeId id) { return is_empty_rec(reg, id, 0); }

Result<std::vector<const metadata::ExtrinsicExtension*>> extensions_in_use(const metadata::Metadata& md) {
  std::vector<const metadata::ExtrinsicExtension*> out;
  const auto& all = md.extrinsic.extensions;
  if (md.extrinsic.extensions_by_version.empty()) {
    for (const auto& e : all) out.push_back(&e);
    return out;
  }
  // V16: the extensions of transaction-extension version 0 (the only version v4/v5 general
  // transactions use today), by index into the full list.
  auto it = md.extrinsic.extensions_by_version.find(0);
  if (it == md.extrinsic.extensions_by_version.end())
    return fail(ExtrinsicError::unsupported_version, "metadata has no transaction extension version 0");
  for (std::uint32_t i : it->second) {
    if (i >= all.size()) return fail(ExtrinsicError::malformed, "transaction extension index out of range");
    out.push_back(&all[i]);
  }
  return out;
}

Result<EncodedExtensions> encode_extensions(const metadata::Metadata& md, const ExtensionParams& p) {
  EncodedExtensions out;
  BT_TRY(auto list, extensions_in_use(md));
  for (const metadata::ExtrinsicExtension* e : list) {
    const auto& ext = *e;
    const std::string& id = ext.identifier;
    const TypeId x = ext.type;
    const TypeId a = ext.implicit_type;
    if (id == "CheckNonZeroSender" || id == "CheckWeight") {
      BT_TRY_VOID(require_empty(md, x, id, "extra"));
      BT_TRY_VOID(require_empty(md, a, id, "additional"));
    } else if (id == "CheckSpecVersion" || id == "CheckTxVersion") {
      BT_TRY_VOID(require_empty(md, x, id, "extra"));
      const std::uint32_t v = id == "CheckSpecVersion" ? p.spec_version : p.transaction_version;
      if (v == 0) return fail(ExtrinsicError::missing_parameter, id + ": version not set");
      BT_TRY_VOID(put_value(md, a, Value::u(v), id, "additional", out.additional));
    } else if (id == "CheckGenesis") {
      BT_TRY_VOID(require_empty(md, x, id, "extra"));
      if (p.genesis_hash == Hash256{})
        return fail(ExtrinsicError::missing_parameter, "CheckGenesis: genesis hash not set");
      BT_TRY_VOID(put_value(md, a, hash_value(p.genesis_hash), id, "additional", out.additional));
    } else if (id == "CheckMortality" || id == "CheckEra") {
      BT_TRY_VOID(check_era_type(md, x, id));
      p.era.encode_to(out.extra);
      const Hash256& h = p.era.is_immortal() ? p.genesis_hash : p.era_block_hash;
      if (h == Hash256{})
        return fail(ExtrinsicError::missing_parameter,
                    id + (p.era.is_immortal() ? ": genesis hash not set" : ": era block hash not set"));
      BT_TRY_VOID(put_value(md, a, hash_value(h), id, "additional", out.additional));
    } else if (id == "CheckNonce") {
      BT_TRY_VOID(put_value(md, x, Value::u(p.nonce), id, "extra", out.extra));
      BT_TRY_VOID(require_empty(md, a, id, "additional"));
    } else if (id == "ChargeTransactionPayment" || id == "ChargeTransactionPaymentWrapper") {
      BT_TRY_VOID(put_value(md, x, Value::u(p.tip), id, "extra", out.extra));
      BT_TRY_VOID(require_empty(md, a, id, "additional"));
    } else if (id == "ChargeAssetTxPayment") {
      Value v = Value::composite({{"tip", Value::u(p.tip)}, {"asset_id", Value()}});
      BT_TRY_VOID(put_value(md, x, v, id, "extra", out.extra));
      BT_TRY_VOID(require_empty(md, a, id, "additional"));
    } else if (id == "CheckMetadataHash") {
      const bool on = p.metadata_hash.has_value();
      Value mode = Value::composite({{"mode", Value::variant(on ? "Enabled" : "Disabled", {})}});
      BT_TRY_VOID(put_value(md, x, mode, id, "extra", out.extra));
      BT_TRY_VOID(
          put_value(md, a, on ? hash_value(*p.metadata_hash) : Value(), id, "additional", out.additional));
    } else {
      auto custom = std::find_if(p.custom.begin(), p.custom.end(),
                                 [&](const CustomExtension& c) { return c.identifier == id; });
      if (custom != p.custom.end()) {
        BT_TRY_VOID(put_value(md, x, custom->extra, id, "extra", out.extra));
        BT_TRY_VOID(put_value(md, a, custom->additional, id, "additional", out.additional));
      } else if (!is_empty_type(md.types, x) || !is_empty_type(md.types, a)) {
        return fail(ExtrinsicError::unknown_extension,
                    "signed extension '" + id + "' carries data (" + md.types.type_name(x) + ", " +
                        md.types.type_name(a) + "); supply it in ExtensionParams::custom");
      }
    }
  }
  return out;
}

std::vector<DecodedExtension> read_extra(const metadata::Metadata& md, scale::Decoder& d) {
  std::vector<DecodedExtension> out;
  auto list = extensions_in_use(md);
  if (!list) {
    d.fail(scale::DecodeError::invalid_variant, "metadata extension list unusable");
    return out;
  }
  for (const metadata::ExtrinsicExtension* e : *list) {
    const auto& ext = *e;
    if (!d.ok()) break;
    if (ext.identifier == "CheckMortality" || ext.identifier == "CheckEra") {
      scale::Decoder probe = d;  // the metadata enum accepts every byte pair; Era validates them
      (void)Era::read(probe);
      if (!probe.ok()) {
        d.fail(scale::DecodeError::invalid_variant, "era: invalid period and phase");
        break;
      }
    }
    Value v = metadata::decode_value(md.types, ext.type, d);
    out.push_back({ext.identifier, std::move(v)});
  }
  return out;
}

}  // namespace bt::extrinsic
