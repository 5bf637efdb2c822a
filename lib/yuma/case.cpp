// SPDX-License-Identifier: MIT
// yuma-ref/1 JSON cases <-> EpochInput / EpochOutput. nlohmann::json stays inside this file.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bt/fixed/fixed.hpp>
#include <bt/yuma/case.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/json_limits.hpp"

namespace bt::yuma {
namespace {
using json = nlohmann::json;

Unexpected bad(const std::string& where, const std::string& what) {
  return fail(YumaError::malformed_case, where + ": " + what);
}

template <class T>
Result<T> get_uint(const json& j, const std::string& where) {
  if (!j.is_number_integer()) return bad(where, "expected an integer");
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    if (v > std::numeric_limits<T>::max()) return bad(where, "integer out of range");
    return static_cast<T>(v);
  }
  const auto v = j.get<std::int64_t>();
  if (v < 0 || static_cast<std::uint64_t>(v) > std::numeric_limits<T>::max())
    return bad(where, "integer out of range");
  return static_cast<T>(v);
}

Result<std::int16_t> get_i16(const json& j, const std::string& where) {
  if (!j.is_number_integer()) return bad(where, "expected an integer");
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    if (v > 32767) return bad(where, "integer out of range");
    return static_cast<std::int16_t>(v);
  }
  const auto v = j.get<std::int64_t>();
  if (v < -32768 || v > 32767) return bad(where, "integer out of range");
  return static_cast<std::int16_t>(v);
}

Result<bool> get_bool(const json& j, const std::string& where) {
  if (!j.is_boolean()) return bad(where, "expected a boolean");
  return j.get<bool>();
}

const json* field(const json& obj, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end()) return nullptr;
  return &*it;
}

template <class T>
Result<T> req_uint(const json& obj, const char* name, const std::string& where) {
  const json* f = field(obj, name);
  if (!f) return bad(where + "." + name, "missing");
  return get_uint<T>(*f, where + "." + name);
}
Result<bool> req_bool(const json& obj, const char* name, const std::string& where) {
  const json* f = field(obj, name);
  if (!f) return bad(where + "." + name, "missing");
  return get_bool(*f, where + "." + name);
}

template <class T>
Result<std::vector<T>> uint_array(const json& j, const std::string& where) {
  if (!j.is_array()) return bad(where, "expected an array");
  std::vector<T> v;
  v.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    BT_TRY(T x, get_uint<T>(j[i], where + "[" + std::to_string(i) + "]"));
    v.push_back(x);
  }
  return v;
}
Result<std::vector<bool>> bool_array(const json& j, const std::string& where) {
  if (!j.is_array()) return bad(where, "expected an array");
  std::vector<bool> v;
  v.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    BT_TRY(bool x, get_bool(j[i], where + "[" + std::to_string(i) + "]"));
    v.push_back(x);
  }
  return v;
}
template <class T>
Result<std::vector<T>> req_uint_array(const json& obj, const char* name, const std::string& where) {
  const json* f = field(obj, name);
  if (!f) return bad(where + "." + name, "missing");
  return uint_array<T>(*f, where + "." + name);
}
Result<std::vector<bool>> req_bool_array(const json& obj, const char* name, const std::string& where) {
  const json* f = field(obj, name);
  if (!f) return bad(where + "." + name, "missing");
  return bool_array(*f, where + "." + name);
}

Result<Row> parse_row(const json& j, const std::string& where) {
  Row r;
  if (j.is_null()) return r;
  if (!j.is_array()) return bad(where, "expected a row (array of [uid, value]) or null");
  r.reserve(j.size());
  for (std::size_t k = 0; k < j.size(); ++k) {
    const std::string w = where + "[" + std::to_string(k) + "]";
    if (!j[k].is_array() || j[k].size() != 2) return bad(w, "expected [uid, value]");
    BT_TRY(std::uint16_t a, get_uint<std::uint16_t>(j[k][0], w + "[0]"));
    BT_TRY(std::uint16_t b, get_uint<std::uint16_t>(j[k][1], w + "[1]"));
    r.emplace_back(a, b);
  }
  return r;
}
Result<std::vector<Row>> parse_rows(const json& j, const std::string& where) {
  if (!j.is_array()) return bad(where, "expected an array of rows");
  std::vector<Row> rows;
  rows.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    BT_TRY(Row r, parse_row(j[i], where + "[" + std::to_string(i) + "]"));
    rows.push_back(std::move(r));
  }
  return rows;
}

Result<EpochInput> parse_input(const json& o, Variant v, const std::string& w) {
  if (!o.is_object()) return bad(w, "expected an object");
  EpochInput in;
  BT_TRY(in.netuid, req_uint<std::uint16_t>(o, "netuid", w));
  BT_TRY(in.n, req_uint<std::uint16_t>(o, "n", w));
  BT_TRY(in.rao_emission, req_uint<std::uint64_t>(o, "rao_emission", w));
  BT_TRY(in.current_block, req_uint<std::uint64_t>(o, "current_block", w));
  BT_TRY(in.registered, req_bool_array(o, "registered", w));
  BT_TRY(in.last_update, req_uint_array<std::uint64_t>(o, "last_update", w));
  BT_TRY(in.block_at_registration, req_uint_array<std::uint64_t>(o, "block_at_registration", w));
  BT_TRY(in.validator_permit, req_bool_array(o, "validator_permit", w));
  BT_TRY(in.max_allowed_validators, req_uint<std::uint16_t>(o, "max_allowed_validators", w));
  {
    const json* f = field(o, "weights");
    if (!f) return bad(w + ".weights", "missing");
    BT_TRY(in.weights, parse_rows(*f, w + ".weights"));
    f = field(o, "bonds");
    if (!f) return bad(w + ".bonds", "missing");
    BT_TRY(in.bonds, parse_rows(*f, w + ".bonds"));
  }
  BT_TRY(in.kappa, req_uint<std::uint16_t>(o, "kappa", w));
  if (const json* f = field(o, "rho")) {
    BT_TRY(in.rho, get_uint<std::uint16_t>(*f, w + ".rho"));
  }
  BT_TRY(in.bonds_moving_average, req_uint<std::uint64_t>(o, "bonds_moving_average", w));
  if (v == Variant::spec143) {
    BT_TRY(in.activity_cutoff, req_uint<std::uint16_t>(o, "activity_cutoff", w));
    BT_TRY(in.stake, req_uint_array<std::uint64_t>(o, "stake", w));
    return in;
  }
  BT_TRY(in.alpha_stake, req_uint_array<std::uint64_t>(o, "alpha_stake", w));
  BT_TRY(in.tao_stake, req_uint_array<std::uint64_t>(o, "tao_stake", w));
  BT_TRY(in.tao_weight, req_uint<std::uint64_t>(o, "tao_weight", w));
  BT_TRY(in.bonds_penalty, req_uint<std::uint16_t>(o, "bonds_penalty", w));
  BT_TRY(in.liquid_alpha_enabled, req_bool(o, "liquid_alpha_enabled", w));
  BT_TRY(in.alpha_low, req_uint<std::uint16_t>(o, "alpha_low", w));
  BT_TRY(in.alpha_high, req_uint<std::uint16_t>(o, "alpha_high", w));
  if (v == Variant::feb2025) {
    BT_TRY(in.activity_cutoff, req_uint<std::uint16_t>(o, "activity_cutoff", w));
    return in;
  }
  BT_TRY(in.tempo, req_uint<std::uint16_t>(o, "tempo", w));
  BT_TRY(in.activity_cutoff_factor_milli, req_uint<std::uint32_t>(o, "activity_cutoff_factor_milli", w));
  BT_TRY(in.last_mechanism_step_block, req_uint<std::uint64_t>(o, "last_mechanism_step_block", w));
  BT_TRY(in.stake_threshold, req_uint<std::uint64_t>(o, "stake_threshold", w));
  if (const json* f = field(o, "owner_uid"); f && !f->is_null()) {
    BT_TRY(std::uint16_t u, get_uint<std::uint16_t>(*f, w + ".owner_uid"));
    in.owner_uid = u;
  }
  {
    const json* f = field(o, "alpha_sigmoid_steepness");
    if (!f) return bad(w + ".alpha_sigmoid_steepness", "missing");
    BT_TRY(in.alpha_sigmoid_steepness, get_i16(*f, w + ".alpha_sigmoid_steepness"));
  }
  BT_TRY(in.yuma3_enabled, req_bool(o, "yuma3_enabled", w));
  BT_TRY(in.commit_reveal_enabled, req_bool(o, "commit_reveal_enabled", w));
  BT_TRY(in.current_epoch_with_lookahead, req_uint<std::uint64_t>(o, "current_epoch_with_lookahead", w));
  BT_TRY(in.reveal_period, req_uint<std::uint64_t>(o, "reveal_period", w));
  if (const json* f = field(o, "weight_commits")) {
    const std::string ww = w + ".weight_commits";
    if (!f->is_array()) return bad(ww, "expected an array");
    for (std::size_t i = 0; i < f->size(); ++i) {
      const json& e = (*f)[i];
      const std::string we = ww + "[" + std::to_string(i) + "]";
      if (!e.is_array() || e.size() != 2 || !e[1].is_array())
        return bad(we, "expected [uid, [[epoch, block], ...]]");
      WeightCommitQueue q;
      BT_TRY(q.uid, get_uint<std::uint16_t>(e[0], we + "[0]"));
      for (std::size_t k = 0; k < e[1].size(); ++k) {
        const json& c = e[1][k];
        const std::string wc = we + "[1][" + std::to_string(k) + "]";
        if (!c.is_array() || c.size() != 2) return bad(wc, "expected [commit_epoch, commit_block]");
        BT_TRY(std::uint64_t ep, get_uint<std::uint64_t>(c[0], wc + "[0]"));
        BT_TRY(std::uint64_t bl, get_uint<std::uint64_t>(c[1], wc + "[1]"));
        q.commits.emplace_back(ep, bl);
      }
      in.weight_commits.push_back(std::move(q));
    }
  }
  if (const json* f = field(o, "timelocked_commits")) {
    const std::string ww = w + ".timelocked_commits";
    if (!f->is_array()) return bad(ww, "expected an array");
    for (std::size_t i = 0; i < f->size(); ++i) {
      const json& e = (*f)[i];
      const std::string we = ww + "[" + std::to_string(i) + "]";
      if (!e.is_array() || e.size() != 2 || !e[1].is_array())
        return bad(we, "expected [epoch, [[uid, block], ...]]");
      TimelockedCommits t;
      BT_TRY(t.commit_epoch, get_uint<std::uint64_t>(e[0], we + "[0]"));
      for (std::size_t k = 0; k < e[1].size(); ++k) {
        const json& c = e[1][k];
        const std::string wc = we + "[1][" + std::to_string(k) + "]";
        if (!c.is_array() || c.size() != 2) return bad(wc, "expected [uid, commit_block]");
        BT_TRY(std::uint16_t uid, get_uint<std::uint16_t>(c[0], wc + "[0]"));
        BT_TRY(std::uint64_t bl, get_uint<std::uint64_t>(c[1], wc + "[1]"));
        t.commits.emplace_back(uid, bl);
      }
      in.timelocked_commits.push_back(std::move(t));
    }
  }
  return in;
}

Result<std::vector<std::optional<std::uint64_t>>> opt_u64_array(const json& j, const std::string& w) {
  if (!j.is_array()) return bad(w, "expected an array");
  std::vector<std::optional<std::uint64_t>> v;
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (j[i].is_null()) {
      v.emplace_back();
      continue;
    }
    BT_TRY(std::uint64_t x, get_uint<std::uint64_t>(j[i], w + "[" + std::to_string(i) + "]"));
    v.emplace_back(x);
  }
  return v;
}

Result<TraceEntry> parse_trace_entry(const json& t, const std::string& w) {
  if (!t.is_object()) return bad(w, "expected an object");
  TraceEntry e;
  const json* label = field(t, "label");
  const json* type = field(t, "type");
  const json* bits = field(t, "bits");
  if (!label || !label->is_string() || !type || !type->is_string() || !bits || !bits->is_array())
    return bad(w, "expected {label, type, bits}");
  e.label = label->get<std::string>();
  const std::string ty = type->get<std::string>();
  auto i64 = [&](const json& x, const std::string& ww) -> Result<std::int64_t> {
    if (!x.is_number_integer()) return bad(ww, "expected an integer");
    if (x.is_number_unsigned() && x.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
      return bad(ww, "out of range");
    return x.get<std::int64_t>();
  };
  if (ty == "I64F64") {
    e.kind = TraceEntry::Kind::vec_i64f64;
    for (const auto& x : *bits) {
      if (x.is_string()) {
        e.vec128.push_back(x.get<std::string>());
      } else if (x.is_number_integer()) {
        // Known quirk of the reference traces: an entry whose Debug text was an integer ("1000")
        // was recorded as that integer VALUE instead of its bits; convert value -> bits.
        const fixed::i128 v = x.is_number_unsigned() ? static_cast<fixed::i128>(x.get<std::uint64_t>())
                                                     : static_cast<fixed::i128>(x.get<std::int64_t>());
        e.vec128.push_back(
            fixed::i128_to_string(static_cast<fixed::i128>(static_cast<fixed::u128>(v) << 64)));
      } else {
        return bad(w, "expected decimal strings");
      }
    }
    return e;
  }
  // I32F32: vector, sparse or dense matrix
  if (bits->empty() || (*bits)[0].is_number()) {
    e.kind = TraceEntry::Kind::vec_i32f32;
    for (std::size_t i = 0; i < bits->size(); ++i) {
      BT_TRY(std::int64_t v, i64((*bits)[i], w));
      e.vec.push_back(v);
    }
    return e;
  }
  // matrix: sparse if the first non-empty row has [j, bits] pairs
  bool sparse = false, decided = false;
  for (const auto& row : *bits) {
    if (!row.is_array()) return bad(w, "expected rows");
    if (!row.empty()) {
      sparse = row[0].is_array();
      decided = true;
      break;
    }
  }
  if (!decided) sparse = true;
  if (sparse) {
    e.kind = TraceEntry::Kind::sparse_i32f32;
    for (const auto& row : *bits) {
      std::vector<std::pair<std::uint16_t, std::int64_t>> r;
      for (const auto& p : row) {
        if (!p.is_array() || p.size() != 2) return bad(w, "expected [j, bits]");
        BT_TRY(std::uint16_t j, get_uint<std::uint16_t>(p[0], w));
        BT_TRY(std::int64_t v, i64(p[1], w));
        r.emplace_back(j, v);
      }
      e.sparse.push_back(std::move(r));
    }
  } else {
    e.kind = TraceEntry::Kind::dense_i32f32;
    for (const auto& row : *bits) {
      std::vector<std::int64_t> r;
      for (const auto& x : row) {
        BT_TRY(std::int64_t v, i64(x, w));
        r.push_back(v);
      }
      e.dense.push_back(std::move(r));
    }
  }
  return e;
}

Result<EpochOutput> parse_output(const json& o, Variant v, Path p, const std::string& w) {
  (void)v;
  (void)p;
  if (!o.is_object()) return bad(w, "expected an object");
  EpochOutput out;
  auto opt = [&](const char* name, auto fn) -> Result<void> {
    if (const json* f = field(o, name)) return fn(*f, w + "." + name);
    return ok();
  };
  BT_TRY_VOID(opt("server_emission", [&](const json& j, const std::string& ww) -> Result<void> {
    BT_TRY(out.server_emission, opt_u64_array(j, ww));
    return ok();
  }));
  BT_TRY_VOID(opt("validator_emission", [&](const json& j, const std::string& ww) -> Result<void> {
    BT_TRY(out.validator_emission, opt_u64_array(j, ww));
    return ok();
  }));
  BT_TRY_VOID(opt("stake", [&](const json& j, const std::string& ww) -> Result<void> {
    BT_TRY(out.stake, opt_u64_array(j, ww));
    return ok();
  }));
  struct U16Field {
    const char* name;
    std::vector<std::uint16_t>* dst;
  };
  const U16Field u16s[] = {{"incentive", &out.incentive},
                           {"dividends", &out.dividends},
                           {"consensus", &out.consensus},
                           {"validator_trust", &out.validator_trust},
                           {"stake_weight", &out.stake_weight},
                           {"rank", &out.rank},
                           {"trust", &out.trust},
                           {"pruning_scores", &out.pruning_scores}};
  for (const auto& f : u16s) {
    if (const json* j = field(o, f.name)) {
      BT_TRY(*f.dst, uint_array<std::uint16_t>(*j, w + "." + f.name));
    }
  }
  if (const json* j = field(o, "active")) {
    BT_TRY(out.active, bool_array(*j, w + ".active"));
  }
  if (const json* j = field(o, "validator_permit")) {
    BT_TRY(out.validator_permit, bool_array(*j, w + ".validator_permit"));
  }
  if (const json* j = field(o, "emission")) {
    BT_TRY(out.emission, uint_array<std::uint64_t>(*j, w + ".emission"));
  }
  if (const json* j = field(o, "bonds_written")) {
    if (!j->is_array()) return bad(w + ".bonds_written", "expected an array");
    for (std::size_t i = 0; i < j->size(); ++i) {
      if ((*j)[i].is_null()) {
        out.bonds_written.emplace_back();
        continue;
      }
      BT_TRY(Row r, parse_row((*j)[i], w + ".bonds_written[" + std::to_string(i) + "]"));
      out.bonds_written.emplace_back(std::move(r));
    }
  }
  if (const json* ps = field(o, "post_state")) {
    if (!ps->is_object()) return bad(w + ".post_state", "expected an object");
    if (const json* j = field(*ps, "bonds")) {
      BT_TRY(out.post_state_bonds, parse_rows(*j, w + ".post_state.bonds"));
    }
    if (const json* j = field(*ps, "validator_permit")) {
      BT_TRY(out.post_state_validator_permit, bool_array(*j, w + ".post_state.validator_permit"));
    }
  }
  if (const json* j = field(o, "trace")) {
    if (!j->is_array()) return bad(w + ".trace", "expected an array");
    for (std::size_t i = 0; i < j->size(); ++i) {
      BT_TRY(TraceEntry e, parse_trace_entry((*j)[i], w + ".trace[" + std::to_string(i) + "]"));
      out.trace.push_back(std::move(e));
    }
  }
  return out;
}

json rows_json(const std::vector<Row>& rows) {
  json a = json::array();
  for (const auto& r : rows) {
    json jr = json::array();
    for (const auto& [j, v] : r) jr.push_back({j, v});
    a.push_back(std::move(jr));
  }
  return a;
}
json row_json(const Row& r) {
  json jr = json::array();
  for (const auto& [j, v] : r) jr.push_back({j, v});
  return jr;
}
json opt_u64_json(const std::vector<std::optional<std::uint64_t>>& v) {
  json a = json::array();
  for (const auto& x : v) a.push_back(x ? json(*x) : json(nullptr));
  return a;
}
json bools_json(const std::vector<bool>& v) {
  json a = json::array();
  for (bool b : v) a.push_back(b);
  return a;
}

json trace_json(const TraceEntry& e) {
  json t;
  t["label"] = e.label;
  switch (e.kind) {
    case TraceEntry::Kind::vec_i64f64:
      t["type"] = "I64F64";
      t["bits"] = e.vec128;
      break;
    case TraceEntry::Kind::vec_i32f32:
      t["type"] = "I32F32";
      t["bits"] = e.vec;
      break;
    case TraceEntry::Kind::sparse_i32f32: {
      t["type"] = "I32F32";
      json rows = json::array();
      for (const auto& r : e.sparse) {
        json jr = json::array();
        for (const auto& [j, b] : r) jr.push_back({j, b});
        rows.push_back(std::move(jr));
      }
      t["bits"] = std::move(rows);
      break;
    }
    case TraceEntry::Kind::dense_i32f32:
      t["type"] = "I32F32";
      t["bits"] = e.dense;
      break;
  }
  return t;
}

}  // namespace

Result<EpochInput> input_from_json(std::string_view text, Variant variant) {
  auto parsed = ::bt::detail::parse_json_checked(text);
  if (!parsed.ok()) return fail(YumaError::malformed_case, "input: " + parsed.error);
  const json& j = parsed.value;
  return parse_input(j, variant, "input");
}

Result<EpochOutput> output_from_json(std::string_view text, Variant variant, Path path) {
  auto parsed = ::bt::detail::parse_json_checked(text);
  if (!parsed.ok()) return fail(YumaError::malformed_case, "output: " + parsed.error);
  const json& j = parsed.value;
  return parse_output(j, variant, path, "output");
}

Result<Case> load_case(std::string_view text) {
  auto parsed = ::bt::detail::parse_json_checked(text, ::bt::detail::kMaxJsonDepth, max_case_bytes);
  if (!parsed.ok()) return fail(YumaError::malformed_case, parsed.error);
  const json& doc = parsed.value;
  if (!doc.is_object()) return bad("$", "expected an object");
  const json* schema = field(doc, "schema");
  if (!schema || !schema->is_string() || schema->get<std::string>() != "yuma-ref/1")
    return bad("$.schema", "expected \"yuma-ref/1\"");
  Case c;
  if (const json* f = field(doc, "id"); f && f->is_string()) c.id = f->get<std::string>();
  if (const json* f = field(doc, "description"); f && f->is_string()) c.description = f->get<std::string>();
  if (const json* f = field(doc, "tags"); f && f->is_array())
    for (const auto& t : *f)
      if (t.is_string()) c.tags.push_back(t.get<std::string>());
  const json* gen = field(doc, "generator");
  if (!gen || !gen->is_object()) return bad("$.generator", "missing");
  const json* var = field(*gen, "variant");
  const json* path = field(*gen, "path");
  if (!var || !var->is_string()) return bad("$.generator.variant", "missing");
  if (!path || !path->is_string()) return bad("$.generator.path", "missing");
  auto vr = parse_variant(var->get<std::string>());
  if (!vr) return bad("$.generator.variant", vr.error().message());
  auto pr = parse_path(path->get<std::string>());
  if (!pr) return bad("$.generator.path", pr.error().message());
  c.variant = *vr;
  c.path = *pr;
  const json* steps = field(doc, "steps");
  if (!steps || !steps->is_array() || steps->empty()) return bad("$.steps", "expected a non-empty array");
  for (std::size_t k = 0; k < steps->size(); ++k) {
    const json& s = (*steps)[k];
    const std::string w = "$.steps[" + std::to_string(k) + "]";
    if (!s.is_object()) return bad(w, "expected an object");
    const json* in = field(s, "input");
    const json* out = field(s, "output");
    if (!in) return bad(w + ".input", "missing");
    if (!out) return bad(w + ".output", "missing");
    CaseStep step;
    BT_TRY(step.input, parse_input(*in, c.variant, w + ".input"));
    BT_TRY(step.expected, parse_output(*out, c.variant, c.path, w + ".output"));
    if (const json* tr = field(s, "trace")) {
      if (!tr->is_array()) return bad(w + ".trace", "expected an array");
      for (std::size_t i = 0; i < tr->size(); ++i) {
        BT_TRY(TraceEntry e, parse_trace_entry((*tr)[i], w + ".trace[" + std::to_string(i) + "]"));
        step.expected.trace.push_back(std::move(e));
      }
    }
    const json* d = field(s, "derived");
    step.derived_json = d ? d->dump() : "{}";
    c.steps.push_back(std::move(step));
  }
  return c;
}

Result<Case> load_case_file(const std::string& path) {
  if (path.find('\0') != std::string::npos) return fail(YumaError::io_error, "path contains a NUL byte");
  // O_NONBLOCK + fstat: a FIFO or a device such as /dev/zero must be refused, never block or read forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return fail(YumaError::io_error, "cannot open " + path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(YumaError::io_error, path + " is not a regular file");
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_case_bytes) {
    ::close(fd);
    return fail(YumaError::io_error, path + " is larger than the " + std::to_string(max_case_bytes >> 20) +
                                         " MiB limit for a case file");
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return fail(YumaError::io_error, "cannot read " + path + ": " + std::strerror(err));
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  text.resize(got);
  return load_case(text);
}

std::string input_to_json(const EpochInput& in, Variant v, int indent) {
  json o;
  o["netuid"] = in.netuid;
  o["n"] = in.n;
  o["rao_emission"] = in.rao_emission;
  o["current_block"] = in.current_block;
  o["registered"] = bools_json(in.registered);
  o["last_update"] = in.last_update;
  o["block_at_registration"] = in.block_at_registration;
  o["validator_permit"] = bools_json(in.validator_permit);
  o["max_allowed_validators"] = in.max_allowed_validators;
  o["weights"] = rows_json(in.weights);
  o["bonds"] = rows_json(in.bonds);
  o["kappa"] = in.kappa;
  o["rho"] = in.rho;
  o["bonds_moving_average"] = in.bonds_moving_average;
  if (v == Variant::spec143) {
    o["activity_cutoff"] = in.activity_cutoff;
    o["stake"] = in.stake;
    return o.dump(indent);
  }
  o["alpha_stake"] = in.alpha_stake;
  o["tao_stake"] = in.tao_stake;
  o["tao_weight"] = in.tao_weight;
  o["bonds_penalty"] = in.bonds_penalty;
  o["liquid_alpha_enabled"] = in.liquid_alpha_enabled;
  o["alpha_low"] = in.alpha_low;
  o["alpha_high"] = in.alpha_high;
  if (v == Variant::feb2025) {
    o["activity_cutoff"] = in.activity_cutoff;
    return o.dump(indent);
  }
  o["tempo"] = in.tempo;
  o["activity_cutoff_factor_milli"] = in.activity_cutoff_factor_milli;
  o["last_mechanism_step_block"] = in.last_mechanism_step_block;
  o["stake_threshold"] = in.stake_threshold;
  o["owner_uid"] = in.owner_uid ? json(*in.owner_uid) : json(nullptr);
  o["alpha_sigmoid_steepness"] = in.alpha_sigmoid_steepness;
  o["yuma3_enabled"] = in.yuma3_enabled;
  o["commit_reveal_enabled"] = in.commit_reveal_enabled;
  o["current_epoch_with_lookahead"] = in.current_epoch_with_lookahead;
  o["reveal_period"] = in.reveal_period;
  json wc = json::array();
  for (const auto& q : in.weight_commits) {
    json cs = json::array();
    for (const auto& [e, b] : q.commits) cs.push_back({e, b});
    wc.push_back({q.uid, cs});
  }
  o["weight_commits"] = std::move(wc);
  json tc = json::array();
  for (const auto& t : in.timelocked_commits) {
    json cs = json::array();
    for (const auto& [u, b] : t.commits) cs.push_back({u, b});
    tc.push_back({t.commit_epoch, cs});
  }
  o["timelocked_commits"] = std::move(tc);
  return o.dump(indent);
}

std::string output_to_json(const EpochOutput& out, Variant v, Path p, int indent) {
  json o;
  o["server_emission"] = opt_u64_json(out.server_emission);
  o["validator_emission"] = opt_u64_json(out.validator_emission);
  if (v == Variant::head && p == Path::sparse) o["stake"] = opt_u64_json(out.stake);
  o["incentive"] = out.incentive;
  o["dividends"] = out.dividends;
  o["consensus"] = out.consensus;
  o["validator_trust"] = out.validator_trust;
  if (v != Variant::spec143) o["stake_weight"] = out.stake_weight;
  if (v != Variant::head) {
    o["rank"] = out.rank;
    o["trust"] = out.trust;
    o["pruning_scores"] = out.pruning_scores;
  }
  o["active"] = bools_json(out.active);
  o["emission"] = out.emission;
  o["validator_permit"] = bools_json(out.validator_permit);
  json bw = json::array();
  for (const auto& r : out.bonds_written) bw.push_back(r ? row_json(*r) : json(nullptr));
  o["bonds_written"] = std::move(bw);
  o["post_state"] = {{"bonds", rows_json(out.post_state_bonds)},
                     {"validator_permit", bools_json(out.post_state_validator_permit)}};
  if (!out.trace.empty()) {
    json t = json::array();
    for (const auto& e : out.trace) t.push_back(trace_json(e));
    o["trace"] = std::move(t);
  }
  return o.dump(indent);
}

namespace {
template <class T>
std::string show(const T& x) {
  if constexpr (std::is_same_v<T, bool>) {
    return x ? "true" : "false";
  } else {
    return std::to_string(x);
  }
}
std::string show(const std::optional<std::uint64_t>& x) { return x ? std::to_string(*x) : "null"; }
std::string show(const Row& r) { return row_json(r).dump(); }
std::string show(const std::optional<Row>& r) { return r ? row_json(*r).dump() : "null"; }

template <class V>
void diff_vec(const char* name, const V& exp, const V& act, std::vector<std::string>& out) {
  if (exp.empty()) return;
  if (exp.size() != act.size()) {
    out.push_back(std::string(name) + ": expected " + std::to_string(exp.size()) + " entries, got " +
                  std::to_string(act.size()));
  }
  const std::size_t m = std::min(exp.size(), act.size());
  int shown = 0;
  for (std::size_t i = 0; i < m; ++i) {
    if (!(exp[i] == act[i])) {
      if (shown < 8) {
        out.push_back(std::string(name) + "[" + std::to_string(i) + "]: expected " + show(exp[i]) + ", got " +
                      show(act[i]));
      }
      ++shown;
    }
  }
  if (shown > 8) out.push_back(std::string(name) + ": " + std::to_string(shown - 8) + " more differences");
}
}  // namespace

std::vector<std::string> diff_outputs(const EpochOutput& e, const EpochOutput& a) {
  std::vector<std::string> d;
  diff_vec("server_emission", e.server_emission, a.server_emission, d);
  diff_vec("validator_emission", e.validator_emission, a.validator_emission, d);
  diff_vec("stake", e.stake, a.stake, d);
  diff_vec("incentive", e.incentive, a.incentive, d);
  diff_vec("dividends", e.dividends, a.dividends, d);
  diff_vec("consensus", e.consensus, a.consensus, d);
  diff_vec("validator_trust", e.validator_trust, a.validator_trust, d);
  diff_vec("stake_weight", e.stake_weight, a.stake_weight, d);
  diff_vec("rank", e.rank, a.rank, d);
  diff_vec("trust", e.trust, a.trust, d);
  diff_vec("pruning_scores", e.pruning_scores, a.pruning_scores, d);
  diff_vec("active", e.active, a.active, d);
  diff_vec("emission", e.emission, a.emission, d);
  diff_vec("validator_permit", e.validator_permit, a.validator_permit, d);
  diff_vec("bonds_written", e.bonds_written, a.bonds_written, d);
  diff_vec("post_state.bonds", e.post_state_bonds, a.post_state_bonds, d);
  diff_vec("post_state.validator_permit", e.post_state_validator_permit, a.post_state_validator_permit, d);
  return d;
}

namespace {
// Known quirk of the reference traces: I32F32 entries whose Debug text was an integer (e.g. "1")
// were recorded as the integer value rather than raw bits. Accept either reading for them.
bool trace_bits_equal(std::int64_t expected, std::int64_t actual) {
  if (expected == actual) return true;
  return expected > -(std::int64_t{1} << 31) && expected < (std::int64_t{1} << 31) &&
         actual == expected * (std::int64_t{1} << 32);
}
}  // namespace

std::vector<std::string> diff_traces(const std::vector<TraceEntry>& expected,
                                     const std::vector<TraceEntry>& actual) {
  std::vector<std::string> d;
  std::vector<bool> used(actual.size(), false);
  for (const auto& e : expected) {
    const TraceEntry* a = nullptr;
    for (std::size_t k = 0; k < actual.size(); ++k)
      if (!used[k] && actual[k].label == e.label && actual[k].kind == e.kind) {
        used[k] = true;
        a = &actual[k];
        break;
      }
    if (!a) continue;
    auto report = [&](std::size_t i, const std::string& ev, const std::string& av) {
      d.push_back("trace '" + e.label + "'[" + std::to_string(i) + "]: expected " + ev + ", got " + av);
    };
    switch (e.kind) {
      case TraceEntry::Kind::vec_i32f32:
        if (e.vec.size() != a->vec.size()) {
          report(0, std::to_string(e.vec.size()) + " entries", std::to_string(a->vec.size()));
          break;
        }
        for (std::size_t i = 0; i < e.vec.size(); ++i)
          if (!trace_bits_equal(e.vec[i], a->vec[i])) {
            report(i, std::to_string(e.vec[i]), std::to_string(a->vec[i]));
            break;
          }
        break;
      case TraceEntry::Kind::vec_i64f64:
        if (e.vec128 != a->vec128) {
          for (std::size_t i = 0; i < std::max(e.vec128.size(), a->vec128.size()); ++i) {
            const std::string ev = i < e.vec128.size() ? e.vec128[i] : "-";
            const std::string av = i < a->vec128.size() ? a->vec128[i] : "-";
            if (ev != av) {
              report(i, ev, av);
              break;
            }
          }
        }
        break;
      case TraceEntry::Kind::sparse_i32f32:
        if (e.sparse.size() != a->sparse.size()) {
          report(0, std::to_string(e.sparse.size()) + " rows", std::to_string(a->sparse.size()));
          break;
        }
        for (std::size_t i = 0; i < e.sparse.size(); ++i)
          if (!std::equal(e.sparse[i].begin(), e.sparse[i].end(), a->sparse[i].begin(), a->sparse[i].end(),
                          [](const auto& x, const auto& y) {
                            return x.first == y.first && trace_bits_equal(x.second, y.second);
                          })) {
            json er = json::array(), ar = json::array();
            for (const auto& [j, b] : e.sparse[i]) er.push_back({j, b});
            for (const auto& [j, b] : a->sparse[i]) ar.push_back({j, b});
            report(i, er.dump(), ar.dump());
            break;
          }
        break;
      case TraceEntry::Kind::dense_i32f32:
        if (e.dense != a->dense) d.push_back("trace '" + e.label + "': dense matrices differ");
        break;
    }
  }
  return d;
}

}  // namespace bt::yuma
