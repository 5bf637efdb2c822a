# SPDX-License-Identifier: MIT
"""bittensor_cpp.core: version, hex helpers and the exception hierarchy (bt core)."""
from bittensor_cpp._core import (  # noqa: F401
    BlsError,
    ClientError,
    CoreError,
    CryptoError,
    DecodeError,
    Error,
    ExtrinsicError,
    KeyfileError,
    MetadataError,
    MetagraphError,
    RpcError,
    SubtensorError,
    TimelockError,
    TransactionError,
    YumaError,
    __version__,
    from_hex,
    to_hex,
)

__all__ = ["Error", "CoreError", "DecodeError", "MetadataError", "CryptoError", "KeyfileError", "RpcError",
           "ClientError", "ExtrinsicError", "SubtensorError", "YumaError", "BlsError", "TimelockError",
           "MetagraphError", "TransactionError", "to_hex", "from_hex"]
