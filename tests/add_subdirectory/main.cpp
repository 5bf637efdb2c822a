// SPDX-License-Identifier: MIT
// The parent project's program: uses bittensor-cpp's core through bt::bt.
#include <bt/bt.hpp>
#include <cstdio>
#include <string>

int main() {
  if (!bt::init()) return 1;
  auto bytes = bt::from_hex("0xdeadbeef");
  if (!bytes || bt::to_hex(*bytes) != "0xdeadbeef") return 2;
  if (bt::to_string(bt::int_max<bt::u128>()) != "340282366920938463463374607431768211455") return 3;
  std::printf("bittensor-cpp %s embedded with add_subdirectory OK\n", std::string(bt::version()).c_str());
  return 0;
}
