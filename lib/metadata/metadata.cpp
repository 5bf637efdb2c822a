// SPDX-License-Identifier: MIT
#include <bt/metadata/metadata.hpp>

#include <algorithm>
#include <cctype>

#include "metadata/decode_util.hpp"

namespace bt::metadata {

using scale::DecodeError;
using scale::Decoder;

const char* hasher_name(StorageHasher h) noexcept {
  switch (h) {
    case StorageHasher::Blake2_128:
      return "Blake2_128";
    case StorageHasher::Blake2_256:
      return "Blake2_256";
    case StorageHasher::Blake2_128Concat:
      return "Blake2_128Concat";
    case StorageHasher::Twox128:
      return "Twox128";
    case StorageHasher::Twox256:
      return "Twox256";
    case StorageHasher::Twox64Concat:
      return "Twox64Concat";
    case StorageHasher::Identity:
      return "Identity";
  }
  return "?";
}

namespace {

constexpr std::uint32_t kMagic = 0x6174656d;  // "meta" little-endian

Deprecation read_deprecation_status(Decoder& d) {
  Deprecation out;
  out.kind = d.read_u8();
  if (out.kind == 2) {
    out.note = d.read_string();
    out.since = detail::read_opt_string(d);
  } else if (out.kind > 2) {
    d.fail(DecodeError::invalid_variant, "DeprecationStatus");
  }
  return out;
}

// V16 DeprecationInfo of call/event/error enums: parsed for validation, not kept.
void skip_deprecation_info(Decoder& d) {
  std::uint8_t tag = d.read_u8();
  if (tag == 0) return;
  if (tag == 1) {
    (void)read_deprecation_status(d);
    return;
  }
  if (tag == 2) {
    std::size_t n = d.read_length(2);
    for (std::size_t i = 0; i < n && d.ok(); ++i) {
      (void)d.read_u8();
      (void)read_deprecation_status(d);
    }
    return;
  }
  d.fail(DecodeError::invalid_variant, "DeprecationInfo");
}

std::optional<TypeId> read_opt_type_with_info(Decoder& d, std::uint32_t version) {
  if (!detail::read_option_tag(d)) return std::nullopt;
  TypeId t = d.read_compact_u32();
  if (version >= 16) skip_deprecation_info(d);
  return t;
}

StorageEntry read_storage_entry(Decoder& d, std::uint32_t version) {
  StorageEntry e;
  e.name = d.read_string();
  std::uint8_t modifier = d.read_u8();
  if (modifier > 1) d.fail(DecodeError::invalid_variant, "StorageEntryModifier");
  e.optional = modifier == 0;
  std::uint8_t kind = d.read_u8();
  if (kind == 0) {
    e.value_type = d.read_compact_u32();
  } else if (kind == 1) {
    e.is_map = true;
    std::size_t n = d.read_length(1);
    e.hashers.reserve(n);
    for (std::size_t i = 0; i < n && d.ok(); ++i) {
      std::uint8_t h = d.read_u8();
      if (h > static_cast<std::uint8_t>(StorageHasher::Identity))
        d.fail(DecodeError::invalid_variant, "StorageHasher");
      e.hashers.push_back(static_cast<StorageHasher>(h));
    }
    e.key_type = d.read_compact_u32();
    e.value_type = d.read_compact_u32();
  } else {
    d.fail(DecodeError::invalid_variant, "StorageEntryType");
  }
  ByteView def = d.read_bytes_with_length();
  e.default_value.assign(def.begin(), def.end());
  e.docs = detail::read_strings(d);
  if (version >= 16) e.deprecation = read_deprecation_status(d);
  return e;
}

Pallet read_pallet(Decoder& d, std::uint32_t version) {
  Pallet p;
  p.name = d.read_string();
  if (detail::read_option_tag(d)) {
    p.storage_prefix = d.read_string();
    std::size_t n = d.read_length(1);
    p.storage.reserve(n);
    for (std::size_t i = 0; i < n && d.ok(); ++i) p.storage.push_back(read_storage_entry(d, version));
  }
  p.call_type = read_opt_type_with_info(d, version);
  p.event_type = read_opt_type_with_info(d, version);
  std::size_t nc = d.read_length(1);
  p.constants.reserve(nc);
  for (std::size_t i = 0; i < nc && d.ok(); ++i) {
    Constant c;
    c.name = d.read_string();
    c.type = d.read_compact_u32();
    ByteView v = d.read_bytes_with_length();
    c.value.assign(v.begin(), v.end());
    c.docs = detail::read_strings(d);
    if (version >= 16) c.deprecation = read_deprecation_status(d);
    p.constants.push_back(std::move(c));
  }
  p.error_type = read_opt_type_with_info(d, version);
  if (version >= 16) {
    std::size_t na = d.read_length(1);
    for (std::size_t i = 0; i < na && d.ok(); ++i) {
      AssociatedType a;
      a.name = d.read_string();
      a.type = d.read_compact_u32();
      a.docs = detail::read_strings(d);
      p.associated_types.push_back(std::move(a));
    }
    std::size_t nv = d.read_length(1);
    for (std::size_t i = 0; i < nv && d.ok(); ++i) {
      ViewFunction f;
      f.name = d.read_string();
      d.read_into(f.id.data.data(), 32);
      std::size_t ni = d.read_length(1);
      for (std::size_t k = 0; k < ni && d.ok(); ++k) {
        ViewFunctionParam prm;
        prm.name = d.read_string();
        prm.type = d.read_compact_u32();
        f.inputs.push_back(std::move(prm));
      }
      f.output = d.read_compact_u32();
      f.docs = detail::read_strings(d);
      f.deprecation = read_deprecation_status(d);
      p.view_functions.push_back(std::move(f));
    }
  }
  p.index = d.read_u8();
  if (version >= 15) p.docs = detail::read_strings(d);
  if (version >= 16) p.deprecation = read_deprecation_status(d);
  return p;
}

std::vector<ExtrinsicExtension> read_extensions(Decoder& d) {
  std::vector<ExtrinsicExtension> out;
  std::size_t n = d.read_length(1);
  out.reserve(n);
  for (std::size_t i = 0; i < n && d.ok(); ++i) {
    ExtrinsicExtension x;
    x.identifier = d.read_string();
    x.type = d.read_compact_u32();
    x.implicit_type = d.read_compact_u32();
    out.push_back(std::move(x));
  }
  return out;
}

ExtrinsicInfo read_extrinsic(Decoder& d, std::uint32_t version) {
  ExtrinsicInfo x;
  if (version == 14) {
    x.extrinsic_type = d.read_compact_u32();
    x.versions.push_back(d.read_u8());
    x.extensions = read_extensions(d);
  } else if (version == 15) {
    x.versions.push_back(d.read_u8());
    x.address_type = d.read_compact_u32();
    x.call_type = d.read_compact_u32();
    x.signature_type = d.read_compact_u32();
    x.extra_type = d.read_compact_u32();
    x.extensions = read_extensions(d);
  } else {
    ByteView vs = d.read_bytes_with_length();
    x.versions.assign(vs.begin(), vs.end());
    x.address_type = d.read_compact_u32();
    x.signature_type = d.read_compact_u32();
    std::size_t n = d.read_length(2);
    for (std::size_t i = 0; i < n && d.ok(); ++i) {
      std::uint8_t ver = d.read_u8();
      std::size_t m = d.read_length(4);
      std::vector<std::uint32_t> idx;
      idx.reserve(m);
      for (std::size_t k = 0; k < m && d.ok(); ++k) idx.push_back(d.read_le<std::uint32_t>());
      x.extensions_by_version[ver] = std::move(idx);
    }
    x.extensions = read_extensions(d);
  }
  return x;
}

std::vector<RuntimeApi> read_apis(Decoder& d, std::uint32_t version) {
  std::vector<RuntimeApi> out;
  std::size_t n = d.read_length(1);
  out.reserve(n);
  for (std::size_t i = 0; i < n && d.ok(); ++i) {
    RuntimeApi api;
    api.name = d.read_string();
    std::size_t nm = d.read_length(1);
    api.methods.reserve(nm);
    for (std::size_t k = 0; k < nm && d.ok(); ++k) {
      RuntimeApiMethod m;
      m.name = d.read_string();
      std::size_t ni = d.read_length(1);
      for (std::size_t j = 0; j < ni && d.ok(); ++j) {
        RuntimeApiParam prm;
        prm.name = d.read_string();
        prm.type = d.read_compact_u32();
        m.inputs.push_back(std::move(prm));
      }
      m.output = d.read_compact_u32();
      m.docs = detail::read_strings(d);
      if (version >= 16) m.deprecation = read_deprecation_status(d);
      api.methods.push_back(std::move(m));
    }
    api.docs = detail::read_strings(d);
    if (version >= 16) api.deprecation = read_deprecation_status(d);
    out.push_back(std::move(api));
  }
  return out;
}

// Type ids referenced by the metadata must exist in the registry.
bool check_type_ids(const Metadata& md, std::string& bad) {
  const std::size_t n = md.types.size();
  auto chk = [&](TypeId id, const std::string& what) {
    if (id >= n && bad.empty()) bad = what + " refers to type " + std::to_string(id);
  };
  for (const auto& t : md.types.types()) {
    std::visit(
        [&](const auto& def) {
          using D = std::decay_t<decltype(def)>;
          std::string w = "type " + std::to_string(t.id);
          if constexpr (std::is_same_v<D, TypeDefComposite>) {
            for (const auto& f : def.fields) chk(f.type, w);
          } else if constexpr (std::is_same_v<D, TypeDefVariant>) {
            for (const auto& v : def.variants)
              for (const auto& f : v.fields) chk(f.type, w);
          } else if constexpr (std::is_same_v<D, TypeDefSequence> || std::is_same_v<D, TypeDefArray> ||
                               std::is_same_v<D, TypeDefCompact>) {
            chk(def.type, w);
          } else if constexpr (std::is_same_v<D, TypeDefTuple>) {
            for (auto id : def.types) chk(id, w);
          } else if constexpr (std::is_same_v<D, TypeDefBitSequence>) {
            chk(def.store, w);
            chk(def.order, w);
          }
        },
        t.def);
    for (const auto& p : t.params)
      if (p.type) chk(*p.type, "type " + std::to_string(t.id) + " parameter");
  }
  for (const auto& p : md.pallets) {
    for (const auto& e : p.storage) {
      chk(e.value_type, p.name + "." + e.name);
      if (e.is_map) chk(e.key_type, p.name + "." + e.name);
    }
    for (auto o : {p.call_type, p.event_type, p.error_type})
      if (o) chk(*o, p.name);
    for (const auto& c : p.constants) chk(c.type, p.name + "." + c.name);
  }
  for (const auto& x : md.extrinsic.extensions) {
    chk(x.type, x.identifier);
    chk(x.implicit_type, x.identifier);
  }
  for (const auto& a : md.apis)
    for (const auto& m : a.methods) {
      chk(m.output, a.name + "_" + m.name);
      for (const auto& i : m.inputs) chk(i.type, a.name + "_" + m.name);
    }
  if (md.outer_enums) {
    chk(md.outer_enums->call_type, "outer call enum");
    chk(md.outer_enums->event_type, "outer event enum");
    chk(md.outer_enums->error_type, "outer error enum");
  }
  return bad.empty();
}

}  // namespace

Result<Metadata> Metadata::decode(ByteView blob) {
  Decoder d(blob);
  std::uint32_t magic = d.read_le<std::uint32_t>();
  if (!d.ok() || magic != kMagic) return fail(MetadataError::invalid_magic, "expected 0x6d657461 (\"meta\")");
  std::uint8_t version = d.read_u8();
  if (!d.ok()) return fail(d.error());
  if (version < 14 || version > 16)
    return fail(MetadataError::unsupported_version,
                "metadata version " + std::to_string(version) + " (supported: 14, 15, 16)");
  Metadata md;
  md.version = version;
  md.types = Registry::decode(d);
  std::size_t np = d.read_length(1);
  md.pallets.reserve(np);
  for (std::size_t i = 0; i < np && d.ok(); ++i) md.pallets.push_back(read_pallet(d, version));
  md.extrinsic = read_extrinsic(d, version);
  if (version <= 15) md.runtime_type = d.read_compact_u32();
  if (version >= 15) {
    md.apis = read_apis(d, version);
    OuterEnums oe;
    oe.call_type = d.read_compact_u32();
    oe.event_type = d.read_compact_u32();
    oe.error_type = d.read_compact_u32();
    md.outer_enums = oe;
    std::size_t nc = d.read_length(1);
    for (std::size_t i = 0; i < nc && d.ok(); ++i) {
      std::string key = d.read_string();
      CustomValue cv;
      cv.type = d.read_compact_u32();
      ByteView v = d.read_bytes_with_length();
      cv.value.assign(v.begin(), v.end());
      md.custom.emplace_back(std::move(key), std::move(cv));
    }
  }
  BT_TRY_VOID(d.finish());
  std::string bad;
  if (!check_type_ids(md, bad)) return fail(MetadataError::unknown_type, bad);
  // V14: recover address/call/signature types from UncheckedExtrinsic's type parameters.
  if (md.extrinsic.extrinsic_type) {
    if (const Type* t = md.types.find(*md.extrinsic.extrinsic_type)) {
      for (const auto& p : t->params) {
        if (!p.type) continue;
        if (p.name == "Address")
          md.extrinsic.address_type = p.type;
        else if (p.name == "Call")
          md.extrinsic.call_type = p.type;
        else if (p.name == "Signature")
          md.extrinsic.signature_type = p.type;
        else if (p.name == "Extra")
          md.extrinsic.extra_type = p.type;
      }
    }
  }
  md.build_index();
  return md;
}

Result<Metadata> Metadata::from_hex_or_bytes(ByteView data) {
  if (data.size() >= 4 && data[0] == 'm' && data[1] == 'e' && data[2] == 't' && data[3] == 'a')
    return decode(data);
  std::string_view s(reinterpret_cast<const char*>(data.data()), data.size());
  auto trim = [](char c) { return std::isspace(static_cast<unsigned char>(c)) || c == '"'; };
  while (!s.empty() && trim(s.front())) s.remove_prefix(1);
  while (!s.empty() && trim(s.back())) s.remove_suffix(1);
  auto bytes = bt::from_hex(s);
  if (!bytes) return fail(MetadataError::invalid_magic, "neither raw metadata nor hex text");
  return decode(*bytes);
}

void Metadata::build_index() {
  pallet_index_.clear();
  for (std::size_t i = 0; i < pallets.size(); ++i) pallet_index_.emplace(pallets[i].name, i);
}

const Pallet* Metadata::pallet(std::string_view name) const {
  if (pallet_index_.size() != pallets.size()) {  // e.g. a hand-built Metadata
    for (const auto& p : pallets)
      if (p.name == name) return &p;
    return nullptr;
  }
  auto it = pallet_index_.find(std::string(name));
  return it == pallet_index_.end() ? nullptr : &pallets[it->second];
}
const Pallet* Metadata::pallet_by_index(std::uint8_t index) const {
  for (const auto& p : pallets)
    if (p.index == index) return &p;
  return nullptr;
}

namespace {
const std::vector<Variant>& variants_of(const Registry& r, std::optional<TypeId> id) {
  static const std::vector<Variant> empty;
  if (!id) return empty;
  const Type* t = r.find(*id);
  if (!t) return empty;
  if (auto* v = std::get_if<TypeDefVariant>(&t->def)) return v->variants;
  return empty;
}
const Variant* find_variant(const std::vector<Variant>& vs, std::string_view name) {
  for (const auto& v : vs)
    if (v.name == name) return &v;
  return nullptr;
}
}  // namespace

const std::vector<Variant>& Metadata::calls(const Pallet& p) const { return variants_of(types, p.call_type); }
const std::vector<Variant>& Metadata::events(const Pallet& p) const {
  return variants_of(types, p.event_type);
}
const std::vector<Variant>& Metadata::errors(const Pallet& p) const {
  return variants_of(types, p.error_type);
}

const Variant* Metadata::call(std::string_view pallet_name, std::string_view name) const {
  const Pallet* p = pallet(pallet_name);
  return p ? find_variant(calls(*p), name) : nullptr;
}
const Variant* Metadata::event(std::string_view pallet_name, std::string_view name) const {
  const Pallet* p = pallet(pallet_name);
  return p ? find_variant(events(*p), name) : nullptr;
}
const Variant* Metadata::error(std::string_view pallet_name, std::string_view name) const {
  const Pallet* p = pallet(pallet_name);
  return p ? find_variant(errors(*p), name) : nullptr;
}
const StorageEntry* Metadata::storage_entry(std::string_view pallet_name, std::string_view name) const {
  const Pallet* p = pallet(pallet_name);
  if (!p) return nullptr;
  for (const auto& e : p->storage)
    if (e.name == name) return &e;
  return nullptr;
}
const Constant* Metadata::constant(std::string_view pallet_name, std::string_view name) const {
  const Pallet* p = pallet(pallet_name);
  if (!p) return nullptr;
  for (const auto& c : p->constants)
    if (c.name == name) return &c;
  return nullptr;
}
const RuntimeApi* Metadata::runtime_api(std::string_view api) const {
  for (const auto& a : apis)
    if (a.name == api) return &a;
  return nullptr;
}
const RuntimeApiMethod* Metadata::runtime_api_method(std::string_view api, std::string_view method) const {
  const RuntimeApi* a = runtime_api(api);
  if (!a) return nullptr;
  for (const auto& m : a->methods)
    if (m.name == method) return &m;
  return nullptr;
}

namespace {
std::optional<TypeId> find_outer(const Registry& r, std::string_view suffix) {
  for (const auto& t : r.types())
    if (!t.path.empty() && t.path.back() == suffix && std::holds_alternative<TypeDefVariant>(t.def))
      return t.id;
  return std::nullopt;
}
}  // namespace

std::optional<TypeId> Metadata::runtime_call_type() const {
  if (outer_enums) return outer_enums->call_type;
  if (extrinsic.call_type) return extrinsic.call_type;
  return find_outer(types, "RuntimeCall");
}
std::optional<TypeId> Metadata::runtime_event_type() const {
  if (outer_enums) return outer_enums->event_type;
  return find_outer(types, "RuntimeEvent");
}

Result<const Pallet*> Metadata::require_pallet(std::string_view name) const {
  if (const Pallet* p = pallet(name)) return p;
  return fail(MetadataError::not_found, "no pallet '" + std::string(name) + "'");
}
Result<const Variant*> Metadata::require_call(std::string_view pallet_name, std::string_view name) const {
  BT_TRY(const Pallet* p, require_pallet(pallet_name));
  if (const Variant* v = find_variant(calls(*p), name)) return v;
  return fail(MetadataError::not_found,
              "no call '" + std::string(pallet_name) + "." + std::string(name) + "'");
}
Result<const StorageEntry*> Metadata::require_storage_entry(std::string_view pallet_name,
                                                            std::string_view name) const {
  BT_TRY(const Pallet* p, require_pallet(pallet_name));
  (void)p;
  if (const StorageEntry* e = storage_entry(pallet_name, name)) return e;
  return fail(MetadataError::not_found,
              "no storage entry '" + std::string(pallet_name) + "." + std::string(name) + "'");
}
Result<const Constant*> Metadata::require_constant(std::string_view pallet_name,
                                                   std::string_view name) const {
  BT_TRY(const Pallet* p, require_pallet(pallet_name));
  (void)p;
  if (const Constant* c = constant(pallet_name, name)) return c;
  return fail(MetadataError::not_found,
              "no constant '" + std::string(pallet_name) + "." + std::string(name) + "'");
}

}  // namespace bt::metadata
