// SPDX-License-Identifier: MIT
// bt::subtensor::Subtensor offline parts: network names and BT_SUBTENSOR_CHAIN_ENDPOINT as in the SDK's
// settings, the typed error of an unknown network, chain_error() of a receipt.
#include <bt/subtensor/subtensor.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>
#include <string>

namespace {
// Sets an environment variable for one scope and restores it.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};
}  // namespace

TEST_CASE("subtensor: network names resolve like the SDK's settings") {
  using bt::subtensor::resolve_endpoint;
  ScopedEnv no_endpoint("BT_SUBTENSOR_CHAIN_ENDPOINT", nullptr);
  ScopedEnv no_network("BT_SUBTENSOR_NETWORK", nullptr);
  CHECK(resolve_endpoint("finney").value() == "wss://entrypoint-finney.opentensor.ai:443");
  CHECK(resolve_endpoint("test").value() == "wss://test.finney.opentensor.ai:443");
  CHECK(resolve_endpoint("archive").value() == "wss://archive.chain.opentensor.ai:443");
  CHECK(resolve_endpoint("local").value() == "ws://127.0.0.1:9944");
  CHECK(resolve_endpoint("").value() == "wss://entrypoint-finney.opentensor.ai:443");
  CHECK(resolve_endpoint("ws://1.2.3.4:9944").value() == "ws://1.2.3.4:9944");
  auto bad = resolve_endpoint("nope");
  REQUIRE_FALSE(bad);
  CHECK(bad.error() == bt::subtensor::SubtensorError::unknown_network);
  {
    ScopedEnv net("BT_SUBTENSOR_NETWORK", "test");
    CHECK(resolve_endpoint("").value() == "wss://test.finney.opentensor.ai:443");
  }
  ScopedEnv endpoint("BT_SUBTENSOR_CHAIN_ENDPOINT", "ws://10.0.0.1:9944");
  CHECK(resolve_endpoint("local").value() == "ws://10.0.0.1:9944");
  CHECK(resolve_endpoint("").value() == "ws://10.0.0.1:9944");
  CHECK(resolve_endpoint("finney").value() == "wss://entrypoint-finney.opentensor.ai:443");
}

TEST_CASE("subtensor: chain_error of a receipt") {
  bt::client::Receipt r;
  r.included = true;
  CHECK(r.success());
  CHECK_FALSE(bt::subtensor::chain_error(r));
  bt::metadata::DispatchErrorInfo e;
  e.kind = "Module";
  e.module = bt::metadata::ModuleError{};
  e.module->pallet = "SubtensorModule";
  e.module->name = "SettingWeightsTooFast";
  r.error = e;
  CHECK_FALSE(r.success());
  CHECK(bt::subtensor::chain_error(r) == bt::subtensor::ChainError::SettingWeightsTooFast);
  r.error->module->pallet = "Balances";
  CHECK_FALSE(bt::subtensor::chain_error(r));
}
