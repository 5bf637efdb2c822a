# SPDX-License-Identifier: MIT
"""bittensor_cpp.core: version, hex helpers and the exception hierarchy (bt core)."""
from bittensor_cpp._core import (  # noqa: F401
    ClientError,
    CoreError,
    CryptoError,
    DecodeError,
    Error,
    ExtrinsicError,
    KeyfileError,
    MetadataError,
    RpcError,
    SubtensorError,
    YumaError,
    __version__,
    from_hex,
    to_hex,
)

__all__ = ["Error", "CoreError", "DecodeError", "MetadataError", "CryptoError", "KeyfileError", "RpcError",
           "ClientError", "ExtrinsicError", "SubtensorError", "YumaError", "to_hex", "from_hex"]
