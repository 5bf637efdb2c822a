// SPDX-License-Identifier: MIT
// yuma-ref/1 JSON cases <-> EpochInput / EpochOutput. nlohmann::json stays inside this file.

#include <algorithm>
#include <bt/file.hpp>
#include <bt/fixed/fixed.hpp>
#include <bt/yuma/case.hpp>
#include <bt/yuma/fields.hpp>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <type_traits>

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

// ---- one JSON codec per member type; the field table (bt/yuma/fields.hpp) says which member
// carries which name for which variant.

Result<void> read_value(const json& j, std::uint16_t& v, const std::string& w) {
  BT_TRY(v, get_uint<std::uint16_t>(j, w));
  return ok();
}
Result<void> read_value(const json& j, std::uint32_t& v, const std::string& w) {
  BT_TRY(v, get_uint<std::uint32_t>(j, w));
  return ok();
}
Result<void> read_value(const json& j, std::uint64_t& v, const std::string& w) {
  BT_TRY(v, get_uint<std::uint64_t>(j, w));
  return ok();
}
Result<void> read_value(const json& j, std::int16_t& v, const std::string& w) {
  BT_TRY(v, get_i16(j, w));
  return ok();
}
Result<void> read_value(const json& j, bool& v, const std::string& w) {
  BT_TRY(v, get_bool(j, w));
  return ok();
}
Result<void> read_value(const json& j, std::optional<std::uint16_t>& v, const std::string& w) {
  if (j.is_null()) {
    v.reset();
    return ok();
  }
  BT_TRY(std::uint16_t x, get_uint<std::uint16_t>(j, w));
  v = x;
  return ok();
}
Result<void> read_value(const json& j, std::vector<bool>& v, const std::string& w) {
  BT_TRY(v, bool_array(j, w));
  return ok();
}
Result<void> read_value(const json& j, std::vector<std::uint16_t>& v, const std::string& w) {
  BT_TRY(v, uint_array<std::uint16_t>(j, w));
  return ok();
}
Result<void> read_value(const json& j, std::vector<std::uint64_t>& v, const std::string& w) {
  BT_TRY(v, uint_array<std::uint64_t>(j, w));
  return ok();
}
Result<void> read_value(const json& j, std::vector<std::optional<std::uint64_t>>& v, const std::string& w) {
  if (!j.is_array()) return bad(w, "expected an array");
  v.clear();
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (j[i].is_null()) {
      v.emplace_back();
      continue;
    }
    BT_TRY(std::uint64_t x, get_uint<std::uint64_t>(j[i], w + "[" + std::to_string(i) + "]"));
    v.emplace_back(x);
  }
  return ok();
}
// Storage rows where null = no storage entry.
Result<void> read_value(const json& j, std::vector<std::optional<Row>>& v, const std::string& w) {
  if (!j.is_array()) return bad(w, "expected an array of rows");
  v.clear();
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (j[i].is_null()) {
      v.emplace_back();
      continue;
    }
    BT_TRY(Row r, parse_row(j[i], w + "[" + std::to_string(i) + "]"));
    v.emplace_back(std::move(r));
  }
  return ok();
}
// [[a, b], ...] pairs of unsigned integers.
template <class A, class B>
Result<void> read_pairs(const json& j, std::vector<std::pair<A, B>>& v, const std::string& w) {
  if (!j.is_array()) return bad(w, "expected an array of pairs");
  for (std::size_t k = 0; k < j.size(); ++k) {
    const std::string wk = w + "[" + std::to_string(k) + "]";
    if (!j[k].is_array() || j[k].size() != 2) return bad(wk, "expected a pair");
    BT_TRY(A a, get_uint<A>(j[k][0], wk + "[0]"));
    BT_TRY(B b, get_uint<B>(j[k][1], wk + "[1]"));
    v.emplace_back(a, b);
  }
  return ok();
}
Result<void> read_value(const json& j, std::vector<WeightCommitQueue>& v, const std::string& w) {
  if (!j.is_array()) return bad(w, "expected an array");
  v.clear();
  for (std::size_t i = 0; i < j.size(); ++i) {
    const json& e = j[i];
    const std::string we = w + "[" + std::to_string(i) + "]";
    if (!e.is_array() || e.size() != 2) return bad(we, "expected [uid, [[epoch, block], ...]]");
    WeightCommitQueue q;
    BT_TRY(q.uid, get_uint<std::uint16_t>(e[0], we + "[0]"));
    BT_TRY_VOID(read_pairs(e[1], q.commits, we + "[1]"));
    v.push_back(std::move(q));
  }
  return ok();
}
Result<void> read_value(const json& j, std::vector<TimelockedCommits>& v, const std::string& w) {
  if (!j.is_array()) return bad(w, "expected an array");
  v.clear();
  for (std::size_t i = 0; i < j.size(); ++i) {
    const json& e = j[i];
    const std::string we = w + "[" + std::to_string(i) + "]";
    if (!e.is_array() || e.size() != 2) return bad(we, "expected [epoch, [[uid, block], ...]]");
    TimelockedCommits t;
    BT_TRY(t.commit_epoch, get_uint<std::uint64_t>(e[0], we + "[0]"));
    BT_TRY_VOID(read_pairs(e[1], t.commits, we + "[1]"));
    v.push_back(std::move(t));
  }
  return ok();
}

json row_json(const Row& r) {
  json jr = json::array();
  for (const auto& [j, v] : r) jr.push_back({j, v});
  return jr;
}

template <class T>
json write_value(const T& v) {
  return json(v);
}
json write_value(const std::optional<std::uint16_t>& v) { return v ? json(*v) : json(nullptr); }
json write_value(const std::vector<bool>& v) {
  json a = json::array();
  for (bool b : v) a.push_back(b);
  return a;
}
json write_value(const std::vector<std::optional<std::uint64_t>>& v) {
  json a = json::array();
  for (const auto& x : v) a.push_back(x ? json(*x) : json(nullptr));
  return a;
}
json write_value(const std::vector<std::optional<Row>>& v) {
  json a = json::array();
  for (const auto& r : v) a.push_back(r ? row_json(*r) : json(nullptr));
  return a;
}
json write_value(const std::vector<WeightCommitQueue>& v) {
  json a = json::array();
  for (const auto& q : v) {
    json cs = json::array();
    for (const auto& [e, b] : q.commits) cs.push_back({e, b});
    a.push_back({q.uid, cs});
  }
  return a;
}
json write_value(const std::vector<TimelockedCommits>& v) {
  json a = json::array();
  for (const auto& t : v) {
    json cs = json::array();
    for (const auto& [u, b] : t.commits) cs.push_back({u, b});
    a.push_back({t.commit_epoch, cs});
  }
  return a;
}

// Rows with an optional presence mask: null = no storage entry.
Result<void> read_rows(const json& j, const fields::InputRowsField& f, EpochInput& in, const std::string& w) {
  std::vector<std::optional<Row>> rows;
  BT_TRY_VOID(read_value(j, rows, w));
  auto& dst = in.*(f.member);
  dst.assign(rows.size(), Row{});
  if (f.stored) (in.*(f.stored)).assign(rows.size(), true);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i]) {
      dst[i] = std::move(*rows[i]);
    } else if (f.stored) {
      (in.*(f.stored))[i] = false;
    }
  }
  return ok();
}
json write_rows(const fields::InputRowsField& f, const EpochInput& in) {
  const auto& rows = in.*(f.member);
  json a = json::array();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool stored = !f.stored || i >= (in.*(f.stored)).size() || (in.*(f.stored))[i] || !rows[i].empty();
    a.push_back(stored ? row_json(rows[i]) : json(nullptr));
  }
  return a;
}

Result<EpochInput> parse_input(const json& o, Variant v, const std::string& w) {
  if (!o.is_object()) return bad(w, "expected an object");
  EpochInput in;
  Result<void> status = ok();
  fields::for_each_input_field([&](const auto& f) {
    if (!status || !f.applies(v)) return;
    const std::string wf = w + "." + f.name;
    const json* j = field(o, f.name);
    if constexpr (std::is_same_v<std::decay_t<decltype(f)>, fields::InputRowsField>) {
      if (!j) {
        status = bad(wf, "missing");
      } else {
        status = read_rows(*j, f, in, wf);
      }
    } else {
      if (!j) {
        if (f.need == fields::Need::required) status = bad(wf, "missing");
      } else {
        status = read_value(*j, in.*(f.member), wf);
      }
    }
  });
  BT_TRY_VOID(status);
  return in;
}

Result<EpochOutput> parse_output(const json& o, Variant v, Path p, const std::string& w) {
  (void)v;
  (void)p;
  if (!o.is_object()) return bad(w, "expected an object");
  const json* post = field(o, "post_state");
  if (post && !post->is_object()) return bad(w + ".post_state", "expected an object");
  EpochOutput out;
  // Every field is optional when reading (an expected output may carry a subset).
  Result<void> status = ok();
  fields::for_each_output_field([&](const auto& f) {
    if (!status) return;
    const json* parent = f.parent ? post : &o;
    const json* j = parent ? field(*parent, f.name) : nullptr;
    if (!j) return;
    const std::string wf = f.parent ? w + "." + f.parent + "." + f.name : w + "." + f.name;
    status = read_value(*j, out.*(f.member), wf);
  });
  BT_TRY_VOID(status);
  if (const json* j = field(o, "trace")) {
    if (!j->is_array()) return bad(w + ".trace", "expected an array");
    for (std::size_t i = 0; i < j->size(); ++i) {
      BT_TRY(TraceEntry e, parse_trace_entry((*j)[i], w + ".trace[" + std::to_string(i) + "]"));
      out.trace.push_back(std::move(e));
    }
  }
  return out;
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
  auto bytes = read_regular_file(path, max_case_bytes);
  if (!bytes) return fail(YumaError::io_error, bytes.error().message());
  return load_case(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
}

std::string input_to_json(const EpochInput& in, Variant v, int indent) {
  json o = json::object();
  fields::for_each_input_field([&](const auto& f) {
    if (!f.applies(v)) return;
    if constexpr (std::is_same_v<std::decay_t<decltype(f)>, fields::InputRowsField>) {
      o[f.name] = write_rows(f, in);
    } else {
      o[f.name] = write_value(in.*(f.member));
    }
  });
  return o.dump(indent);
}

std::string output_to_json(const EpochOutput& out, Variant v, Path p, int indent) {
  json o = json::object();
  fields::for_each_output_field([&](const auto& f) {
    if (!f.applies(v, p)) return;
    if (f.parent) {
      o[f.parent][f.name] = write_value(out.*(f.member));
    } else {
      o[f.name] = write_value(out.*(f.member));
    }
  });
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
  fields::for_each_output_field([&](const auto& f) {
    const std::string name = f.parent ? std::string(f.parent) + "." + f.name : std::string(f.name);
    diff_vec(name.c_str(), e.*(f.member), a.*(f.member), d);
  });
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
