# SPDX-License-Identifier: MIT
"""bittensor_cpp.scale: compact integers, bytes and strings (parity-scale-codec encodings)."""
import pytest

import bittensor_cpp as bt

if not hasattr(bt, "scale"):
    pytest.skip("built without the scale module", allow_module_level=True)
scale = bt.scale


@pytest.mark.parametrize(
    "value,hexstr",
    [
        (0, "00"),
        (1, "04"),
        (63, "fc"),
        (64, "0101"),
        (16383, "fdff"),
        (16384, "02000100"),
        (2**30 - 1, "feffffff"),
        (2**30, "0300000040"),
        (2**64 - 1, "13ffffffffffffffff"),
        (2**128 - 1, "33" + "ff" * 16),
    ],
)
def test_compact_boundaries(value, hexstr):
    assert scale.encode_compact(value).hex() == hexstr
    assert scale.decode_compact(bytes.fromhex(hexstr)) == value


def test_compact_bad_input():
    with pytest.raises(bt.DecodeError):
        scale.decode_compact(bytes.fromhex("0100"))  # non-canonical
    with pytest.raises(bt.DecodeError):
        scale.decode_compact(b"")
    with pytest.raises(bt.DecodeError):
        scale.decode_compact(bytes.fromhex("0400"))  # trailing byte
    with pytest.raises(ValueError):
        scale.encode_compact(-1)
    with pytest.raises(ValueError):
        scale.encode_compact(2**128)
    assert scale.decode_compact_prefix(bytes.fromhex("0101ff")) == (64, 2)


def test_bytes_and_strings():
    assert scale.encode_bytes(b"\x01\x02").hex() == "080102"
    assert scale.decode_bytes(bytes.fromhex("080102")) == b"\x01\x02"
    assert scale.encode_str("Hello").hex() == "1448656c6c6f"
    assert scale.decode_str(bytes.fromhex("1448656c6c6f")) == "Hello"
    with pytest.raises(bt.DecodeError):
        scale.decode_str(bytes.fromhex("08c328"))
    with pytest.raises(bt.DecodeError):
        scale.decode_bytes(bytes.fromhex("feffffff"))
