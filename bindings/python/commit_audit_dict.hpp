// SPDX-License-Identifier: MIT
// The Python form of a commit audit (bt/subtensor/commit_audit.hpp), shared by bittensor_cpp.timelock
// and Subtensor.audit_commits: one dict per commit.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <bt/subtensor/commit_audit.hpp>

namespace bt::py {

inline pybind11::bytes audit_bytes(bt::ByteView b) {
  return pybind11::bytes(reinterpret_cast<const char*>(b.data()), b.size());
}

// {who, commit_block, commit, reveal_round}
inline pybind11::dict stored_commit_dict(const bt::subtensor::StoredCommit& c) {
  namespace py = pybind11;
  py::dict d;
  d["who"] = audit_bytes(c.who.view());
  d["commit_block"] = c.commit_block ? py::object(py::int_(*c.commit_block)) : py::object(py::none());
  d["commit"] = audit_bytes(c.commit);
  d["reveal_round"] = c.reveal_round;
  return d;
}

// stored_commit_dict + epoch, status ('opened' | 'pending' | 'failed'), error (str or None) and, when
// opened, accepted, format ('v4' | 'legacy'), uids, values, version_key.
inline pybind11::dict commit_audit_dict(const bt::subtensor::CommitAudit& a) {
  namespace py = pybind11;
  py::dict d = stored_commit_dict(a.stored);
  d["epoch"] = a.epoch ? py::object(py::int_(*a.epoch)) : py::object(py::none());
  d["status"] = bt::subtensor::commit_audit_status_name(a.status);
  if (a.opened) {
    d["accepted"] = a.opened->accepted();
    d["format"] = a.opened->legacy ? "legacy" : "v4";
    d["uids"] = a.opened->uids;
    d["values"] = a.opened->values;
    d["version_key"] = a.opened->version_key;
  }
  d["error"] = a.error ? py::object(py::str(a.error->to_string())) : py::object(py::none());
  return d;
}

}  // namespace bt::py
