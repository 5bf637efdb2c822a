# SPDX-License-Identifier: MIT
import re

import pytest

import bittensor_cpp as bt


def test_version_is_semver():
    assert re.fullmatch(r"\d+\.\d+\.\d+", bt.__version__)


def test_hex_round_trip():
    data = bytes(range(256))
    assert bt.from_hex(bt.to_hex(data)) == data
    assert bt.to_hex(b"\x01\xab") == "0x01ab"
    assert bt.to_hex(b"\x01\xab", with_prefix=False) == "01ab"


@pytest.mark.parametrize("bad", ["0xabc", "zz", "0x0g", "0xx0"])
def test_bad_hex_raises_typed_error(bad):
    with pytest.raises(bt.CoreError) as info:
        bt.from_hex(bad)
    err = info.value
    assert isinstance(err, bt.Error)
    assert err.module == "bt.core"
    assert err.reason == "invalid hex"
    assert "bt.core: invalid hex" in str(err)


def test_exception_hierarchy():
    for cls in (bt.CoreError, bt.DecodeError, bt.CryptoError, bt.KeyfileError, bt.RpcError, bt.YumaError):
        assert issubclass(cls, bt.Error)
        assert issubclass(cls, Exception)
