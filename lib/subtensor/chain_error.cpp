// SPDX-License-Identifier: MIT
#include <array>
#include <bt/subtensor/chain_error.hpp>
#include <utility>

namespace bt::subtensor {
namespace {
#define BT_CHAIN_ERROR_NAME(name) std::pair{ChainError::name, std::string_view(#name)},
constexpr std::array kNames{BT_SUBTENSOR_CHAIN_ERRORS(BT_CHAIN_ERROR_NAME)
                                std::pair{ChainError::Other, std::string_view("Other")}};
#undef BT_CHAIN_ERROR_NAME
static_assert(kNames.size() == static_cast<std::size_t>(ChainError::Other) + 1);
}  // namespace

std::string_view chain_error_name(ChainError e) noexcept {
  for (const auto& [k, n] : kNames)
    if (k == e) return n;
  return "Other";
}

std::optional<ChainError> classify(const metadata::DispatchErrorInfo& error) {
  if (!error.module || error.module->pallet != "SubtensorModule") return std::nullopt;
  for (const auto& [k, n] : kNames)
    if (n == error.module->name) return k;
  return ChainError::Other;
}

}  // namespace bt::subtensor
