// SPDX-License-Identifier: MIT
// Private: the caches of bt::client::Client, shared by client.cpp and typed.cpp.
#pragma once

#include <bt/client/client.hpp>
#include <bt/metadata/metadata.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace bt::client {

struct Client::Cache {
  std::mutex mu;
  std::optional<Hash> genesis;
  // raw metadata per (spec_version, metadata version; 0 = state_getMetadata)
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::shared_ptr<const Bytes>> metadata;
  // decoded metadata per spec_version (typed.cpp)
  std::map<std::uint32_t, std::shared_ptr<const metadata::Metadata>> decoded;
};

}  // namespace bt::client
