// SPDX-License-Identifier: MIT
// bittensor_cpp.metagraph: Metagraph with the bittensor SDK's attribute names over bt::metagraph::sync.
// Columns are NumPy arrays that view the snapshot's memory (no per-element copies; the array keeps the
// snapshot alive). Values are the exact storage integers: S = stake in rao (uint64), I/D/C/T/Tv/R = u16
// as stored (divide by 65535 for the SDK's floats), E = emission in rao; W and B are dense n x n uint16
// matrices built once per sync.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <bt/client/client.hpp>
#include <bt/crypto/ss58.hpp>
#include <bt/metagraph/metagraph.hpp>
#include <bt/metagraph/predict.hpp>

#include <memory>

#include "errors.hpp"

namespace py = pybind11;
namespace mg = bt::metagraph;

namespace {

// A snapshot plus the byte copies of its bool columns and dense matrices (std::vector<bool> has no
// contiguous storage).
struct Snap {
  mg::Snapshot s;
  std::vector<std::uint8_t> permit, active;
  std::vector<std::uint16_t> w, b;  // n x n
};

template <class T>
py::array view(const std::shared_ptr<Snap>& owner, const T* data, std::vector<py::ssize_t> shape) {
  auto* keep = new std::shared_ptr<Snap>(owner);
  py::capsule base(keep, [](void* p) { delete static_cast<std::shared_ptr<Snap>*>(p); });
  py::array a(py::dtype::of<T>(), shape, {}, data, base);
  py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}
py::array view_bool(const std::shared_ptr<Snap>& owner, const std::vector<std::uint8_t>& v) {
  auto* keep = new std::shared_ptr<Snap>(owner);
  py::capsule base(keep, [](void* p) { delete static_cast<std::shared_ptr<Snap>*>(p); });
  py::array a(py::dtype("bool"), {static_cast<py::ssize_t>(v.size())}, {}, v.data(), base);
  py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

// A column as stored (its own length: at head the epoch-written vectors have one entry per registered uid).
template <class T>
py::array col(const std::shared_ptr<Snap>& owner, const std::vector<T>& v) {
  return view(owner, v.data(), {static_cast<py::ssize_t>(v.size())});
}

std::vector<std::uint16_t> dense(const std::vector<bt::yuma::Row>& rows, std::uint16_t n) {
  std::vector<std::uint16_t> m(static_cast<std::size_t>(n) * n, 0);
  for (std::size_t i = 0; i < rows.size() && i < n; ++i)
    for (const auto& [j, v] : rows[i])
      if (j < n) m[i * n + j] = v;
  return m;
}

std::shared_ptr<Snap> wrap(mg::Snapshot s) {
  auto p = std::make_shared<Snap>();
  p->s = std::move(s);
  p->permit.assign(p->s.validator_permit.begin(), p->s.validator_permit.end());
  p->active.assign(p->s.active.begin(), p->s.active.end());
  p->w = dense(p->s.weights, p->s.n);
  p->b = dense(p->s.bonds, p->s.n);
  return p;
}

class Metagraph {
 public:
  Metagraph(std::uint16_t netuid, py::object client, bool sync, std::optional<std::uint64_t> block,
            std::uint8_t mechanism, std::uint32_t max_neurons)
      : netuid_(netuid), client_(std::move(client)) {
    options_.mechanism = mechanism;
    options_.max_neurons = max_neurons;
    if (sync) this->sync(block);
  }
  void sync(std::optional<std::uint64_t> block) {
    auto& c = client_.cast<bt::client::Client&>();
    auto r = [&] {
      py::gil_scoped_release release;
      return mg::sync(c, netuid_, block, options_);
    }();
    snap_ = wrap(bt::py::unwrap(std::move(r)));
  }
  const std::shared_ptr<Snap>& snap() const {
    if (!snap_) throw std::runtime_error("Metagraph is not synced: call sync()");
    return snap_;
  }
  std::uint16_t netuid_;
  mg::SyncOptions options_;
  py::object client_;
  std::shared_ptr<Snap> snap_;
};

py::list ss58_list(const std::vector<bt::crypto::AccountId32>& v) {
  py::list l;
  for (const auto& a : v) l.append(bt::py::unwrap(bt::crypto::ss58_encode(a)));
  return l;
}

py::dict prediction_dict(const mg::Prediction& p) {
  const auto& o = p.output;
  py::dict d;
  d["epoch_block"] = p.epoch_block;
  d["snapshot_block"] = p.snapshot_block;
  d["exact"] = p.exact;
  d["reveals_due"] = p.reveals_due;
  d["rao_emission"] = p.input.rao_emission;
  d["incentive"] = py::array_t<std::uint16_t>(o.incentive.size(), o.incentive.data());
  d["dividends"] = py::array_t<std::uint16_t>(o.dividends.size(), o.dividends.data());
  d["consensus"] = py::array_t<std::uint16_t>(o.consensus.size(), o.consensus.data());
  d["validator_trust"] = py::array_t<std::uint16_t>(o.validator_trust.size(), o.validator_trust.data());
  d["rank"] = py::array_t<std::uint16_t>(o.rank.size(), o.rank.data());
  d["trust"] = py::array_t<std::uint16_t>(o.trust.size(), o.trust.data());
  d["stake_weight"] = py::array_t<std::uint16_t>(o.stake_weight.size(), o.stake_weight.data());
  d["emission_exact"] = p.emission_exact;
  d["emission"] = py::array_t<std::uint64_t>(o.emission.size(), o.emission.data());
  std::vector<std::uint8_t> vp(o.validator_permit.begin(), o.validator_permit.end());
  d["validator_permit"] = py::array_t<std::uint8_t>(vp.size(), vp.data()).attr("astype")("bool");
  py::list bonds;
  for (const auto& r : o.post_state_bonds) bonds.append(r ? py::cast(*r) : py::cast(bt::yuma::Row{}));
  d["bonds"] = bonds;
  py::list server, validator;
  for (const auto& x : o.server_emission) server.append(x ? py::cast(*x) : py::none());
  for (const auto& x : o.validator_emission) validator.append(x ? py::cast(*x) : py::none());
  d["server_emission"] = server;
  d["validator_emission"] = validator;
  return d;
}

}  // namespace

void init_metagraph(py::module_& m) {
  py::module_ mm = m.def_submodule("metagraph", "Subnet metagraph sync and exact next-epoch prediction.");
  py::class_<Metagraph>(mm, "Metagraph", R"doc(
Metagraph(netuid, client, sync=True, block=None, mechanism=0, max_neurons=4096): a subnet's state read from the
chain in a few round trips (head runtimes: `mechanism` picks the mechanism whose Incentive / LastUpdate / W / B are
read; a node claiming more than `max_neurons` uids raises instead of being read).
SDK attribute names; values are exact storage integers viewed without copies (S in rao, I/D/C/T/Tv/R as u16).
)doc")
      .def(py::init<std::uint16_t, py::object, bool, std::optional<std::uint64_t>, std::uint8_t,
                    std::uint32_t>(),
           py::arg("netuid"), py::arg("client"), py::arg("sync") = true, py::arg("block") = py::none(),
           py::arg("mechanism") = 0, py::arg("max_neurons") = mg::SyncOptions{}.max_neurons)
      .def("sync", &Metagraph::sync, py::arg("block") = py::none(),
           "Re-reads the state (best block by default).")
      .def_property_readonly("netuid", [](const Metagraph& g) { return g.netuid_; })
      .def_property_readonly("n", [](const Metagraph& g) { return g.snap()->s.n; })
      .def_property_readonly("block", [](const Metagraph& g) { return g.snap()->s.block; })
      .def_property_readonly("generation",
                             [](const Metagraph& g) { return mg::to_string(g.snap()->s.generation); })
      .def_property_readonly("round_trips", [](const Metagraph& g) { return g.snap()->s.stats.round_trips; })
      .def_property_readonly("uids", [](const Metagraph& g) { return col(g.snap(), g.snap()->s.uids); })
      .def_property_readonly("S", [](const Metagraph& g) { return col(g.snap(), g.snap()->s.stake); })
      // dTAO runtimes (feb2025): the stake columns the epoch reads (inherited alpha, inherited root TAO;
      // empty for spec143, whose S is TotalHotkeyStake).
      .def_property_readonly("AS",
                             [](const Metagraph& g) {
                               const auto& v = g.snap()->s.alpha_stake;
                               return view(g.snap(), v.data(), {static_cast<py::ssize_t>(v.size())});
                             })
      .def_property_readonly("TS",
                             [](const Metagraph& g) {
                               const auto& v = g.snap()->s.tao_stake;
                               return view(g.snap(), v.data(), {static_cast<py::ssize_t>(v.size())});
                             })
      .def_property_readonly("tao_weight", [](const Metagraph& g) { return g.snap()->s.hp.tao_weight; })
      // head / feb2025: StakeWeight as stored (the normalised stake the last epoch wrote, u16).
      .def_property_readonly("SW", [](const Metagraph& g) { return col(g.snap(), g.snap()->s.stake_weight); })
      // head: the mechanism whose Incentive / LastUpdate / W / B these are (Metagraph(..., mechanism=k)).
      .def_property_readonly("mechanism", [](const Metagraph& g) { return g.snap()->s.mechanism; })
      .def_property_readonly("R", [](const Metagraph& g) { return col(g.snap(), g.snap()->s.rank); })
      .def_property_readonly("T", [](const Metagraph& g) { return col(g.snap(), g.snap()->s.trust); })
      .def_property_readonly("C", [](const Metagraph& g) { return col(g.snap(), g.snap()->s.consensus); })
      .def_property_readonly("I", [](const Metagraph& g) { return col(g.snap(), g.snap()->s.incentive); })
      .def_property_readonly("D", [](const Metagraph& g) { return col(g.snap(), g.snap()->s.dividends); })
      .def_property_readonly("E", [](const Metagraph& g) { return col(g.snap(), g.snap()->s.emission); })
      .def_property_readonly("Tv",
                             [](const Metagraph& g) { return col(g.snap(), g.snap()->s.validator_trust); })
      .def_property_readonly("last_update",
                             [](const Metagraph& g) { return col(g.snap(), g.snap()->s.last_update); })
      .def_property_readonly("block_at_registration",
                             [](const Metagraph& g) {
                               return view(g.snap(), g.snap()->s.block_at_registration.data(),
                                           {g.snap()->s.n});
                             })
      .def_property_readonly("validator_permit",
                             [](const Metagraph& g) { return view_bool(g.snap(), g.snap()->permit); })
      .def_property_readonly("active",
                             [](const Metagraph& g) { return view_bool(g.snap(), g.snap()->active); })
      .def_property_readonly("W",
                             [](const Metagraph& g) {
                               return view(g.snap(), g.snap()->w.data(), {g.snap()->s.n, g.snap()->s.n});
                             })
      .def_property_readonly("B",
                             [](const Metagraph& g) {
                               return view(g.snap(), g.snap()->b.data(), {g.snap()->s.n, g.snap()->s.n});
                             })
      .def_property_readonly("weights", [](const Metagraph& g) { return py::cast(g.snap()->s.weights); })
      .def_property_readonly("bonds", [](const Metagraph& g) { return py::cast(g.snap()->s.bonds); })
      .def_property_readonly("hotkeys", [](const Metagraph& g) { return ss58_list(g.snap()->s.hotkeys); })
      .def_property_readonly("coldkeys", [](const Metagraph& g) { return ss58_list(g.snap()->s.coldkeys); })
      .def_property_readonly("axons",
                             [](const Metagraph& g) {
                               py::list l;
                               for (const auto& a : g.snap()->s.axons) {
                                 if (!a) {
                                   l.append(py::none());
                                   continue;
                                 }
                                 py::dict d;
                                 d["block"] = a->block;
                                 d["version"] = a->version;
                                 d["ip"] = py::int_(py::str(bt::scale::to_string(a->ip)));
                                 d["port"] = a->port;
                                 d["ip_type"] = a->ip_type;
                                 d["protocol"] = a->protocol;
                                 l.append(d);
                               }
                               return l;
                             })
      .def_property_readonly("hyperparameters",
                             [](const Metagraph& g) {
                               const auto& h = g.snap()->s.hp;
                               py::dict d;
                               d["tempo"] = h.tempo;
                               d["kappa"] = h.kappa;
                               d["rho"] = h.rho;
                               d["activity_cutoff"] = h.activity_cutoff;
                               d["max_allowed_validators"] = h.max_allowed_validators;
                               d["max_allowed_uids"] = h.max_allowed_uids;
                               d["immunity_period"] = h.immunity_period;
                               d["bonds_moving_average"] = h.bonds_moving_average;
                               d["pending_emission"] = h.pending_emission;
                               d["emission_value"] = h.emission_value;
                               d["subnet_owner_cut"] = h.subnet_owner_cut;
                               d["bonds_penalty"] = h.bonds_penalty;
                               d["liquid_alpha_enabled"] = h.liquid_alpha_enabled;
                               d["alpha_low"] = h.alpha_low;
                               d["alpha_high"] = h.alpha_high;
                               d["commit_reveal_enabled"] = h.commit_reveal_enabled;
                               d["tao_weight"] = h.tao_weight;
                               if (g.snap()->s.generation == mg::Generation::head) {
                                 d["activity_cutoff_factor_milli"] = h.activity_cutoff_factor_milli;
                                 d["yuma3_enabled"] = h.yuma3_enabled;
                                 d["alpha_sigmoid_steepness"] = h.alpha_sigmoid_steepness;
                                 d["reveal_period"] = h.reveal_period;
                                 d["stake_threshold"] = h.stake_threshold;
                                 d["owner_uid"] = h.owner_uid ? py::cast(*h.owner_uid) : py::none();
                                 d["mechanism_count"] = h.mechanism_count;
                                 d["emission_split"] =
                                     h.emission_split ? py::cast(*h.emission_split) : py::none();
                                 d["pending_server_emission"] = h.pending_server_emission;
                                 d["pending_validator_emission"] = h.pending_validator_emission;
                                 d["pending_root_alpha_divs"] = h.pending_root_alpha_divs;
                                 d["pending_owner_cut"] = h.pending_owner_cut;
                                 d["last_epoch_block"] = h.last_epoch_block;
                                 d["pending_epoch_at"] = h.pending_epoch_at;
                                 d["subnet_epoch_index"] = h.subnet_epoch_index;
                                 d["last_mechanism_step_block"] = h.last_mechanism_step_block;
                                 d["blocks_since_last_step"] = h.blocks_since_last_step;
                               }
                               return d;
                             })
      .def("next_epoch_block", [](const Metagraph& g) { return mg::next_epoch_block(g.snap()->s); })
      .def(
          "column_index",
          [](const Metagraph& g, std::uint16_t uid) { return mg::column_index(g.snap()->s, uid); },
          py::arg("uid"),
          "Index of uid's entry in C/D/E/Tv/SW/I/validator_permit/active (head: rank among registered uids, "
          "None for a uid without hotkey).")
      .def(
          "predict_epoch",
          [](const Metagraph& g) { return prediction_dict(bt::py::unwrap(mg::predict_epoch(g.snap()->s))); },
          "Predicts the next epoch from this state (exact when synced at the epoch block - 1): a dict of "
          "arrays.")
      .def(
          "compare",
          [](const Metagraph& g, const Metagraph& at) {
            auto p = bt::py::unwrap(mg::predict_epoch(g.snap()->s));
            auto d = bt::py::unwrap(mg::compare(p, at.snap()->s));
            py::list l;
            for (const auto& x : d) l.append(mg::to_string(x));
            return l;
          },
          py::arg("at_epoch"),
          "Predicts the next epoch from this state and compares it with `at_epoch` (a Metagraph synced at "
          "the "
          "epoch block): the list of differences, empty when identical.");
}
