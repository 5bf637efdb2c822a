# SPDX-License-Identifier: MIT
"""bittensor_cpp.fixed: substrate-fixed semantics checked against a big-integer reference in Python."""
import math
import random

import pytest

import bittensor_cpp as bt

fixed = bt.__dict__.get("fixed")
if fixed is None:
    pytest.skip("built without the fixed module", allow_module_level=True)

# name -> (signed, total bits, fraction bits)
TYPES = {
    "I32F32": (True, 64, 32),
    "I64F64": (True, 128, 64),
    "U64F64": (False, 128, 64),
    "I96F32": (True, 128, 32),
    "U96F32": (False, 128, 32),
}


def bounds(name):
    signed, total, _ = TYPES[name]
    return (-(1 << (total - 1)), (1 << (total - 1)) - 1) if signed else (0, (1 << total) - 1)


def wrap(name, v):
    signed, total, _ = TYPES[name]
    v &= (1 << total) - 1
    if signed and v >> (total - 1):
        v -= 1 << total
    return v


def ref_mul(name, a, b):
    """Exact product floored to the fraction; None on overflow."""
    frac = TYPES[name][2]
    q = (a * b) >> frac  # Python >> floors
    lo, hi = bounds(name)
    return q if lo <= q <= hi else None


def ref_div(name, a, b):
    """(a << frac) / b truncated toward zero; None on /0 or overflow."""
    if b == 0:
        return None
    frac = TYPES[name][2]
    num = a << frac
    q = abs(num) // abs(b)
    if (num < 0) != (b < 0):
        q = -q
    lo, hi = bounds(name)
    return q if lo <= q <= hi else None


def edge_bits(name):
    lo, hi = bounds(name)
    frac = TYPES[name][2]
    one = 1 << frac
    vals = {lo, lo + 1, hi, hi - 1, 0, 1, 2, one, one - 1, one + 1, one // 2, 3 * one // 2, hi >> 1, hi >> frac}
    if lo < 0:
        vals |= {-1, -2, -one, -one - 1, -one + 1, -(one // 2), lo >> 1}
    return sorted(v for v in vals if lo <= v <= hi)


def random_bits(name, rng, count):
    lo, hi = bounds(name)
    _, total, frac = TYPES[name]
    out = []
    for _ in range(count):
        width = rng.choice([8, frac, frac + 4, total // 2, total - 2, total])
        v = rng.getrandbits(width)
        if lo < 0 and rng.random() < 0.5:
            v = -v
        out.append(max(lo, min(hi, v)))
    return out


@pytest.mark.parametrize("name", TYPES)
def test_bits_round_trip_and_range(name):
    T = getattr(fixed, name)
    lo, hi = bounds(name)
    for b in edge_bits(name):
        assert T.from_bits(b).bits == b
    assert T.min().bits == lo and T.max().bits == hi
    assert T.one().bits == 1 << TYPES[name][2] and T.delta().bits == 1 and T.zero().bits == 0
    for bad in (lo - 1, hi + 1):
        with pytest.raises(ValueError):
            T.from_bits(bad)
    with pytest.raises(TypeError):
        T.from_bits(1.5)


@pytest.mark.parametrize("name", TYPES)
def test_mul_div_against_reference(name):
    T = getattr(fixed, name)
    rng = random.Random(hash(name) & 0xFFFF)
    values = edge_bits(name) + random_bits(name, rng, 60)
    lo, hi = bounds(name)
    for a in values:
        for b in values[::3]:
            x, y = T.from_bits(a), T.from_bits(b)
            m = ref_mul(name, a, b)
            cm = x.checked_mul(y)
            assert (cm.bits if cm is not None else None) == m, (a, b)
            sm = x.saturating_mul(y).bits
            if m is not None:
                assert sm == m and (x * y).bits == m
            else:
                negative = (a < 0) != (b < 0)
                assert sm == (lo if negative else hi)
                assert (x * y).bits == wrap(name, (a * b) >> TYPES[name][2])
            d = ref_div(name, a, b)
            cd = x.checked_div(y)
            assert (cd.bits if cd is not None else None) == d, (a, b)
            assert x.safe_div(y).bits == (d if d is not None else 0)
            if d is not None:
                assert x.saturating_div(y).bits == d and (x / y).bits == d
            elif b == 0:
                assert x.saturating_div(y).bits == (lo if a < 0 else hi)
            else:
                assert x.saturating_div(y).bits == (lo if (a < 0) != (b < 0) else hi)


@pytest.mark.parametrize("name", TYPES)
def test_add_sub_wrap_saturate_check(name):
    T = getattr(fixed, name)
    lo, hi = bounds(name)
    for a in edge_bits(name):
        for b in edge_bits(name):
            x, y = T.from_bits(a), T.from_bits(b)
            for op, exact in (("add", a + b), ("sub", a - b)):
                in_range = lo <= exact <= hi
                assert getattr(x, "wrapping_" + op)(y).bits == wrap(name, exact)
                assert getattr(x, "saturating_" + op)(y).bits == max(lo, min(hi, exact))
                c = getattr(x, "checked_" + op)(y)
                assert (c.bits if c is not None else None) == (exact if in_range else None)
            assert (x + y).bits == wrap(name, a + b)
            assert (x - y).bits == wrap(name, a - b)
            assert (x < y) == (a < b) and (x == y) == (a == b) and (x >= y) == (a >= b)


def test_known_edge_values():
    I = fixed.I32F32
    # floor multiplication: -1 ulp * 0.5 = -1 ulp; 1 ulp * 0.5 = 0
    assert (I.from_bits(-1) * I.from_float(0.5)).bits == -1
    assert (I.from_bits(1) * I.from_float(0.5)).bits == 0
    # truncating division: -1 ulp / 2 = 0
    assert (I.from_bits(-1) / I.from_int(2)).bits == 0
    # wrapping add at the top
    assert (I.max() + I.delta()) == I.min()
    assert I.max().saturating_add(I.delta()) == I.max()
    # divide by zero
    assert I.one().checked_div(I.zero()) is None
    assert I.one().safe_div(I.zero()) == I.zero()
    assert I.one().saturating_div(I.zero()) == I.max()
    assert (-I.one()).saturating_div(I.zero()) == I.min()
    # safe_div on overflow gives 0, saturating_div clamps
    assert I.max().safe_div(I.delta()) == I.zero()
    assert I.max().saturating_div(I.delta()) == I.max()
    # integer conversions saturate
    assert I.from_int(2**31) == I.max()
    assert I.from_int(-(2**31)) == I.min()
    assert I.from_int(10**60) == I.max() and I.from_int(-(10**60)) == I.min()
    assert fixed.U64F64.from_int(-1) == fixed.U64F64.zero()
    assert fixed.U96F32.from_int(2**96) == fixed.U96F32.max()
    # to_int floors
    assert I.from_float(-0.5).to_int() == -1
    assert I.from_float(2.75).to_int() == 2
    assert fixed.I64F64.min().to_int() == -(2**63)
    assert fixed.U64F64.max().to_u64() == 2**64 - 1
    assert I.from_float(-3.5).to_u64() == 0
    assert I.from_int(70000).to_u16() == 65535


def test_float_conversion_rounds_half_to_even():
    I = fixed.I32F32
    ulp = 2.0**-32
    assert I.from_float(0.5 * ulp).bits == 0  # tie -> even (0)
    assert I.from_float(1.5 * ulp).bits == 2  # tie -> even (2)
    assert I.from_float(2.5 * ulp).bits == 2
    assert I.from_float(-1.5 * ulp).bits == -2
    assert I.from_float(0.50000001 * ulp).bits == 1
    assert I.from_float(math.nan).bits == 0
    assert I.from_float(math.inf) == I.max() and I.from_float(-math.inf) == I.min()
    assert I.from_float(1e30) == I.max()
    assert fixed.U64F64.from_float(-1.0) == fixed.U64F64.zero()
    for x in (0.1, 0.7, 1.0 / 3.0, 123.456, -0.9):
        assert I.from_float(x).bits == round(x * 2**32)  # exact: Python round() is half-even


def test_cross_type_conversion_floors_and_saturates():
    v = fixed.I64F64.from_bits(-1)  # -2^-64
    assert fixed.I32F32.from_fixed(v).bits == -1  # floor
    assert fixed.I32F32.from_fixed(fixed.I64F64.from_bits(1)).bits == 0
    assert fixed.I32F32.from_fixed(fixed.I96F32.max()) == fixed.I32F32.max()
    assert fixed.U64F64.from_fixed(fixed.I32F32.from_float(-2.0)) == fixed.U64F64.zero()
    assert fixed.I64F64.from_fixed(fixed.I32F32.from_float(1.25)).to_float() == 1.25
    with pytest.raises(TypeError):
        fixed.I32F32.from_fixed(1)
    with pytest.raises(TypeError):
        fixed.I32F32.one() + fixed.I64F64.one()


def test_text_round_trip():
    I = fixed.I32F32
    assert str(I.from_int(-100)) == "-100"
    assert str(I.one()) == "1"
    assert str(I.from_float(0.5)) == "0.5"
    assert repr(I.from_float(1.5)) == "I32F32('1.5')"
    rng = random.Random(7)
    for name in TYPES:
        T = getattr(fixed, name)
        for b in edge_bits(name) + random_bits(name, rng, 30):
            x = T.from_bits(b)
            assert T.parse(str(x)) == x, (name, b, str(x))
    with pytest.raises(ValueError):
        I.parse("1e-3")
    with pytest.raises(ValueError):
        I.parse("abc")
    assert len({I.one(), I.from_int(1), I.from_bits(1 << 32)}) == 1


# ---- transcendental functions: reference = the substrate-fixed algorithm on Python integers

FRAC = 32
ONE = 1 << FRAC
I64_LO, I64_HI = -(1 << 63), (1 << 63) - 1


def _ok(v):
    return I64_LO <= v <= I64_HI


def _mul(a, b):
    q = (a * b) >> FRAC
    return q if _ok(q) else None


def _div(a, b):
    if b == 0:
        return None
    num = a << FRAC
    q = abs(num) // abs(b)
    if (num < 0) != (b < 0):
        q = -q
    return q if _ok(q) else None


def ref_exp(x):
    if x == 0:
        return ONE
    if x == ONE:
        return 22802600 << (FRAC - 23)  # the I9F23 constant E
    neg = x < 0
    if neg:
        x = -x
        if not _ok(x):
            return None
    res = x + ONE
    if not _ok(res):
        return None
    term = x
    for i in range(2, FRAC):
        t = _mul(term, x)
        if t is None:
            return None
        term = _div(t, i << FRAC)
        if term is None:
            return None
        res += term
        if not _ok(res):
            return None
    if neg:
        return _div(ONE, res)
    return res


def _rs(b):
    return (b >> 1) + (b & 1)


def _log2_inner(x):
    result = 0
    while x >= 2 * ONE:
        result += 1
        x = _rs(x)
    if x == ONE:
        return result << FRAC
    for _ in range(FRAC):
        x = ((x * x) >> FRAC)
        x = wrap("I32F32", x)
        result <<= 1
        if x >= 2 * ONE:
            result |= 1
            x = _rs(x)
    return wrap("I32F32", result)


def ref_log2(x):
    if x <= 0:
        return None
    if x < ONE:
        inv = _div(ONE, x)
        if inv is None:
            return None
        return wrap("I32F32", -_log2_inner(inv))
    return _log2_inner(x)


def ref_ln(x):
    l2 = ref_log2(x)
    if l2 is None:
        return None
    d = _div(l2, 12102203 << (FRAC - 23))
    return d if d is not None else (I64_HI if l2 >= 0 else I64_LO)


def transcendental_inputs():
    rng = random.Random(11)
    vals = [0, 1, -1, ONE, -ONE, ONE // 2, 2 * ONE, 20 * ONE, -20 * ONE, 21 * ONE, 40 * ONE, -40 * ONE,
            I64_HI, I64_LO, I64_LO + 1, 3, ONE - 1, ONE + 1]
    vals += [rng.randint(-30 * ONE, 30 * ONE) for _ in range(150)]
    vals += [rng.randint(1, 1 << 62) for _ in range(50)]
    return vals


def test_exp_matches_substrate_fixed_algorithm():
    I = fixed.I32F32
    assert I.zero().exp() == I.one()
    assert I.one().exp().bits == 22802600 << 9
    assert str(I.from_int(20).exp()).startswith("481239357.67")
    for b in transcendental_inputs():
        r = I.from_bits(b).exp()
        assert (r.bits if r is not None else None) == ref_exp(b), b
    assert I.from_int(100).exp() is None  # overflow -> Err in Rust


def test_log2_ln_match_substrate_fixed_algorithm():
    I = fixed.I32F32
    assert I.zero().ln() is None and I.from_int(-1).ln() is None and I.from_int(-1).log2() is None
    assert I.one().log2() == I.zero()
    assert I.from_int(8).log2() == I.from_int(3)
    for b in transcendental_inputs():
        x = I.from_bits(b)
        r2, rl = x.log2(), x.ln()
        assert (r2.bits if r2 is not None else None) == ref_log2(b), b
        assert (rl.bits if rl is not None else None) == ref_ln(b), b
    assert abs(I.from_int(2).ln().to_float() - math.log(2)) < 1e-6


def test_unsigned_types_have_no_transcendentals():
    assert not hasattr(fixed.U64F64.one(), "exp")
    assert hasattr(fixed.I64F64.one(), "exp")


def test_submodule_import_form():
    from bittensor_cpp.fixed import I32F32

    assert I32F32 is fixed.I32F32
