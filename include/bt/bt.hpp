// SPDX-License-Identifier: MIT
// Umbrella header: the shared vocabulary. Module headers (bt/yuma/..., bt/crypto/..., bt/scale/...)
// are included individually.
#pragma once

#include <bt/bytes.hpp>
#include <bt/error.hpp>
#include <bt/init.hpp>
#include <bt/int128.hpp>
#include <bt/result.hpp>
#include <bt/secure.hpp>
#include <bt/version.hpp>
