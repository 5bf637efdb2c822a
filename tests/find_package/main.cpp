// SPDX-License-Identifier: MIT
// Smoke test of the installed package: headers found, library links, basic calls work.
#include <bt/bt.hpp>

#include <cstdio>

int main() {
  if (!bt::init()) return 1;
  auto bytes = bt::from_hex("0x0102ff");
  if (!bytes || bt::to_hex(*bytes) != "0x0102ff") return 2;
  if (bt::from_hex("0xzz")) return 3;
  std::printf("bittensor-cpp %s installed package OK\n", std::string(bt::version()).c_str());
  return 0;
}
