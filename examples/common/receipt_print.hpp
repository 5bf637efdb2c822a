// SPDX-License-Identifier: MIT
// What the subtensor examples (subtensor_transfer, stake, register, set_weights) share once their arguments
// are checked: the metadata file of --offline, the "refused" exit, and the printout of a typed Receipt.
// Header-only, like cli.hpp, so that each example stays one file that reads as one story.
//
// Exit statuses (as in cli.hpp): 2 a bad argument (an unreadable --offline file), 1 the node or the chain
// refused (or the file is not metadata), 0 success.
#pragma once

#include <bt/client/submit.hpp>
#include <bt/metadata/metadata.hpp>
#include <bt/subtensor/balance.hpp>
#include <bt/subtensor/chain_error.hpp>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

#include "cli.hpp"

namespace bt_example {

// Prints "WHAT: ERROR" on stderr and returns 1, the exit status of a refusal.
inline int die(std::string_view what, const bt::Error& e) {
  std::cerr << what << ": " << e.to_string() << "\n";
  return 1;
}

// The metadata in the file given instead of a URL with --offline (raw SCALE or 0x-hex). A file that cannot
// be read is a usage error (exit 2); bytes that are not metadata exit 1. Never returns an invalid value.
inline bt::metadata::Metadata load_offline_metadata(std::string_view tool, const std::string& path) {
  std::string err;
  auto text = bt_cli::load_file(path, bt_cli::kMaxMetadataFileBytes, &err);
  if (!text) bt_cli::usage_error(tool, err);
  auto md = bt::metadata::Metadata::from_hex_or_bytes(bt::as_bytes(*text));
  if (!md) std::exit(die("metadata", md.error()));
  return std::move(*md);
}

// Prints where the extrinsic landed, the fee and its events; a failure with the decoded dispatch error
// and, for a SubtensorModule error, its typed ChainError name. Returns the exit status (0 success, 1
// failed in the block).
inline int print_receipt(const bt::client::Receipt& r) {
  std::cout << "block #" << r.block_number << " " << bt::to_hex(r.block_hash.view()).substr(0, 18)
            << "... index " << r.index << (r.finalized ? " (finalized)" : "") << "\n";
  std::cout << "fee " << bt::subtensor::Balance::from_rao(static_cast<std::uint64_t>(r.fee_paid)).to_string()
            << "\n";
  for (const auto& e : r.events) std::cout << "  event " << e.pallet << "." << e.name << "\n";
  if (!r.error) return 0;
  std::cout << "FAILED: " << r.error->to_string();
  if (auto kind = bt::subtensor::classify(*r.error))
    std::cout << " [" << bt::subtensor::chain_error_name(*kind) << "]";
  std::cout << "\n";
  return 1;
}

}  // namespace bt_example
