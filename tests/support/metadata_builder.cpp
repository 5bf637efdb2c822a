// SPDX-License-Identifier: MIT
#include "support/metadata_builder.hpp"

#include <bt/scale/encoder.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>

namespace bt::test {
namespace {

void put_str(scale::Encoder& e, std::string_view s) {
  e.put_bytes_with_length(ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}
void put_opt_str(scale::Encoder& e, std::string_view s) {
  if (s.empty()) {
    e.put_u8(0);
  } else {
    e.put_u8(1);
    put_str(e, s);
  }
}
void put_opt_type(scale::Encoder& e, std::optional<TypeId> t) {
  if (!t) {
    e.put_u8(0);
  } else {
    e.put_u8(1);
    e.put_compact(*t);
  }
}
void put_no_docs(scale::Encoder& e) { e.put_compact(0); }

// scale-info Field: name Option<String>, type Compact<u32>, type_name Option<String>, docs.
void put_fields(scale::Encoder& e, const std::vector<FieldSpec>& fields) {
  e.put_compact(fields.size());
  for (const auto& f : fields) {
    put_opt_str(e, f.name);
    e.put_compact(f.type);
    put_opt_str(e, f.type_name);
    put_no_docs(e);
  }
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    const auto at = path.find("::");
    out.push_back(path.substr(0, at));
    if (at == std::string_view::npos) break;
    path.remove_prefix(at + 2);
  }
  return out;
}

Bytes storage_entry(std::string_view name, Modifier m, const Bytes& kind, Bytes default_bytes) {
  if (m == Modifier::optional && default_bytes.empty()) default_bytes = {0x00};  // None
  scale::Encoder e;
  put_str(e, name);
  e.put_u8(m == Modifier::optional ? 0 : 1);
  e.put_bytes(kind);
  e.put_bytes_with_length(default_bytes);
  put_no_docs(e);
  return std::move(e).take();
}

}  // namespace

// --- pallets ------------------------------------------------------------------------------------

PalletBuilder& PalletBuilder::plain(std::string name, TypeId value, Modifier m, Bytes default_bytes) {
  scale::Encoder kind;
  kind.put_u8(0);  // StorageEntryType::Plain
  kind.put_compact(value);
  storage_.push_back(storage_entry(name, m, kind.bytes(), std::move(default_bytes)));
  return *this;
}

PalletBuilder& PalletBuilder::map(std::string name, std::vector<Hasher> hashers, TypeId key, TypeId value,
                                  Modifier m, Bytes default_bytes) {
  scale::Encoder kind;
  kind.put_u8(1);  // StorageEntryType::Map
  kind.put_compact(hashers.size());
  for (Hasher h : hashers) kind.put_u8(static_cast<std::uint8_t>(h));
  kind.put_compact(key);
  kind.put_compact(value);
  storage_.push_back(storage_entry(name, m, kind.bytes(), std::move(default_bytes)));
  return *this;
}

PalletBuilder& PalletBuilder::calls(TypeId variant_type) {
  calls_ = variant_type;
  return *this;
}
PalletBuilder& PalletBuilder::events(TypeId variant_type) {
  events_ = variant_type;
  return *this;
}
PalletBuilder& PalletBuilder::errors(TypeId variant_type) {
  errors_ = variant_type;
  return *this;
}
PalletBuilder& PalletBuilder::constant(std::string name, TypeId type, Bytes value) {
  scale::Encoder e;
  put_str(e, name);
  e.put_compact(type);
  e.put_bytes_with_length(value);
  put_no_docs(e);
  constants_.push_back(std::move(e).take());
  return *this;
}
PalletBuilder& PalletBuilder::index(std::uint8_t i) {
  index_ = i;
  return *this;
}

// V14 PalletMetadata: name, Option<storage>, Option<calls>, Option<event>, constants, Option<error>, index.
void PalletBuilder::encode(Bytes& out) const {
  scale::Encoder e;
  put_str(e, name_);
  if (storage_.empty()) {
    e.put_u8(0);
  } else {
    e.put_u8(1);
    put_str(e, name_);  // storage prefix = pallet name, as FRAME does
    e.put_compact(storage_.size());
    for (const auto& s : storage_) e.put_bytes(s);
  }
  put_opt_type(e, calls_);
  put_opt_type(e, events_);
  e.put_compact(constants_.size());
  for (const auto& c : constants_) e.put_bytes(c);
  put_opt_type(e, errors_);
  e.put_u8(index_);
  const Bytes& b = e.bytes();
  out.insert(out.end(), b.begin(), b.end());
}

// --- types --------------------------------------------------------------------------------------

TypeId MetadataBuilder::add(std::string_view path,
                            const std::vector<std::pair<std::string, std::optional<TypeId>>>& params,
                            const Bytes& def) {
  scale::Encoder e;
  const auto parts = split_path(path);
  e.put_compact(parts.size());
  for (auto p : parts) put_str(e, p);
  e.put_compact(params.size());
  for (const auto& [name, type] : params) {
    put_str(e, name);
    put_opt_type(e, type);
  }
  e.put_bytes(def);
  put_no_docs(e);
  types_.push_back(std::move(e).take());
  return static_cast<TypeId>(types_.size() - 1);
}

TypeId MetadataBuilder::prim(std::string_view name) {
  static constexpr std::array<std::string_view, 15> names = {"bool", "char", "str",  "u8",   "u16",
                                                             "u32",  "u64",  "u128", "u256", "i8",
                                                             "i16",  "i32",  "i64",  "i128", "i256"};
  const std::string key = "prim:" + std::string(name);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] != name) continue;
    const TypeId id = add("", {}, Bytes{5, static_cast<std::uint8_t>(i)});  // TypeDef::Primitive
    cache_[key] = id;
    return id;
  }
  std::fprintf(stderr, "MetadataBuilder::prim: unknown primitive '%.*s'\n", static_cast<int>(name.size()),
               name.data());
  std::abort();
}

TypeId MetadataBuilder::account_id32() {
  if (auto it = cache_.find("AccountId32"); it != cache_.end()) return it->second;
  const TypeId bytes32 = array(32, prim("u8"));
  const TypeId id = composite("sp_core::crypto::AccountId32", {{"", bytes32, "[u8; 32]"}});
  cache_["AccountId32"] = id;
  return id;
}

namespace {
std::vector<std::pair<std::string, std::optional<TypeId>>> named_params(const std::vector<TypeId>& params) {
  std::vector<std::pair<std::string, std::optional<TypeId>>> out;
  for (std::size_t i = 0; i < params.size(); ++i) {
    std::string name = std::to_string(i);
    name.insert(name.begin(), 'T');  // not "T" + ...: GCC 12's -Wrestrict misfires on it
    out.emplace_back(std::move(name), params[i]);
  }
  return out;
}
}  // namespace

TypeId MetadataBuilder::composite(std::string_view path, std::vector<FieldSpec> fields,
                                  std::vector<TypeId> params) {
  scale::Encoder e;
  e.put_u8(0);  // TypeDef::Composite
  put_fields(e, fields);
  return add(path, named_params(params), e.bytes());
}

TypeId MetadataBuilder::variant(std::string_view path, std::vector<VariantSpec> variants,
                                std::vector<TypeId> params) {
  scale::Encoder e;
  e.put_u8(1);  // TypeDef::Variant
  e.put_compact(variants.size());
  for (const auto& v : variants) {
    put_str(e, v.name);
    put_fields(e, v.fields);
    e.put_u8(v.index);
    put_no_docs(e);
  }
  return add(path, named_params(params), e.bytes());
}

TypeId MetadataBuilder::sequence(TypeId element) {
  scale::Encoder e;
  e.put_u8(2);
  e.put_compact(element);
  return add("", {}, e.bytes());
}

TypeId MetadataBuilder::array(std::uint32_t len, TypeId element) {
  scale::Encoder e;
  e.put_u8(3);
  e.put_le<std::uint32_t>(len);
  e.put_compact(element);
  return add("", {}, e.bytes());
}

TypeId MetadataBuilder::tuple(std::vector<TypeId> elements) {
  scale::Encoder e;
  e.put_u8(4);
  e.put_compact(elements.size());
  for (TypeId t : elements) e.put_compact(t);
  return add("", {}, e.bytes());
}

TypeId MetadataBuilder::compact(TypeId inner) {
  scale::Encoder e;
  e.put_u8(6);
  e.put_compact(inner);
  return add("", {}, e.bytes());
}

TypeId MetadataBuilder::option(TypeId inner) {
  const std::string key = "Option:" + std::to_string(inner);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  scale::Encoder e;
  e.put_u8(1);
  e.put_compact(2);
  put_str(e, "None");
  put_fields(e, {});
  e.put_u8(0);
  put_no_docs(e);
  put_str(e, "Some");
  put_fields(e, {{"", inner, ""}});
  e.put_u8(1);
  put_no_docs(e);
  const TypeId id = add("Option", {{"T", inner}}, e.bytes());
  cache_[key] = id;
  return id;
}

PalletBuilder& MetadataBuilder::pallet(std::string_view name) {
  for (auto& p : pallets_)
    if (p.name_ == name) return p;
  pallets_.push_back(PalletBuilder(std::string(name), static_cast<std::uint8_t>(pallets_.size())));
  return pallets_.back();
}

MetadataBuilder& MetadataBuilder::extrinsic_type(TypeId t) {
  extrinsic_type_ = t;
  return *this;
}
MetadataBuilder& MetadataBuilder::extrinsic_version(std::uint8_t v) {
  extrinsic_version_ = v;
  return *this;
}
MetadataBuilder& MetadataBuilder::signed_extension(std::string identifier, TypeId type,
                                                   TypeId additional_signed) {
  scale::Encoder e;
  put_str(e, identifier);
  e.put_compact(type);
  e.put_compact(additional_signed);
  extensions_.push_back(std::move(e).take());
  return *this;
}
MetadataBuilder& MetadataBuilder::runtime_type(TypeId t) {
  runtime_type_ = t;
  return *this;
}

Bytes MetadataBuilder::build() {
  if (!extrinsic_type_) {
    // sp_runtime's UncheckedExtrinsic<Address, Call, Signature, Extra> is a Vec<u8> newtype; its params
    // are what decoders read the address/call/signature types from.
    const TypeId address = account_id32();
    const TypeId call = variant("node_runtime::RuntimeCall", {});
    const TypeId signature = array(64, prim("u8"));
    const TypeId extra = tuple({});
    const TypeId bytes = sequence(prim("u8"));
    const TypeId id =
        add("sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic",
            {{"Address", address}, {"Call", call}, {"Signature", signature}, {"Extra", extra}}, [&] {
              scale::Encoder d;
              d.put_u8(0);
              put_fields(d, {{"", bytes, "Vec<u8>"}});
              return std::move(d).take();
            }());
    extrinsic_type_ = id;
  }
  if (!runtime_type_) runtime_type_ = composite("node_runtime::Runtime", {});

  scale::Encoder e;
  e.put_bytes(as_bytes("meta"));
  e.put_u8(14);
  e.put_compact(types_.size());
  for (std::size_t i = 0; i < types_.size(); ++i) {
    e.put_compact(i);
    e.put_bytes(types_[i]);
  }
  Bytes out = std::move(e).take();
  scale::Encoder n;
  n.put_compact(pallets_.size());
  out.insert(out.end(), n.bytes().begin(), n.bytes().end());
  for (const auto& p : pallets_) p.encode(out);
  scale::Encoder x;
  x.put_compact(*extrinsic_type_);
  x.put_u8(extrinsic_version_);
  x.put_compact(extensions_.size());
  for (const auto& s : extensions_) x.put_bytes(s);
  x.put_compact(*runtime_type_);
  out.insert(out.end(), x.bytes().begin(), x.bytes().end());
  return out;
}

}  // namespace bt::test
