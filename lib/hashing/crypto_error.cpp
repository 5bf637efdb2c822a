// SPDX-License-Identifier: MIT
#include <bt/crypto/error.hpp>

#include "detail/error_category.hpp"

namespace bt::crypto {
BT_DEFINE_ERROR_CATEGORY_FROM_CODES(CryptoError, crypto_category, "bt.crypto", BT_CRYPTO_ERROR_CODES)

}  // namespace bt::crypto
