# SPDX-License-Identifier: MIT
"""Generates lib/crypto/bls12_381/constants.inc: BLS12-381 constants as 64-bit limbs in Montgomery form.

Everything is derived here from the curve parameter x, the field prime and the published RFC 9380
isogeny/SSWU constants, so a reader can re-check each table:  python3 scripts/gen_bls12_381_constants.py
"""
import pathlib

P = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB
R_ORDER = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
X = -0xD201000000010000  # the BLS parameter (negative)
MONT = 1 << 384

assert (X**4 - X**2 + 1) == R_ORDER
assert ((X - 1) ** 2 * (X**4 - X**2 + 1)) % 3 == 0 and (X - 1) ** 2 * (X**4 - X**2 + 1) // 3 + X == P

# RFC 9380 section 8.8.1 / appendix E.2: SSWU curve E' and the 11-isogeny E' -> E (coefficients ascending).
SSWU_A = 0x144698A3B8E9433D693A02C96D4982B0EA985383EE66A8D8E8981AEFD881AC98936F8DA0E0F97F5CF428082D584C1D
SSWU_B = 0x12E2908D11688030018B12E8753EEE3B2016C1F0F24F4070A0B9C14FCEF35EF55A23215A316CEAA5D1CC48E98E172BE0
SSWU_Z = 11
ISO = {
    "x_num": """11a05f2b1e833340b809101dd99815856b303e88a2d7005ff2627b56cdb4e2c85610c2d5f2e62d6eaeac1662734649b7
17294ed3e943ab2f0588bab22147a81c7c17e75b2f6a8417f565e33c70d1e86b4838f2a6f318c356e834eef1b3cb83bb
d54005db97678ec1d1048c5d10a9a1bce032473295983e56878e501ec68e25c958c3e3d2a09729fe0179f9dac9edcb0
1778e7166fcc6db74e0609d307e55412d7f5e4656a8dbf25f1b33289f1b330835336e25ce3107193c5b388641d9b6861
e99726a3199f4436642b4b3e4118e5499db995a1257fb3f086eeb65982fac18985a286f301e77c451154ce9ac8895d9
1630c3250d7313ff01d1201bf7a74ab5db3cb17dd952799b9ed3ab9097e68f90a0870d2dcae73d19cd13c1c66f652983
d6ed6553fe44d296a3726c38ae652bfb11586264f0f8ce19008e218f9c86b2a8da25128c1052ecaddd7f225a139ed84
17b81e7701abdbe2e8743884d1117e53356de5ab275b4db1a682c62ef0f2753339b7c8f8c8f475af9ccb5618e3f0c88e
80d3cf1f9a78fc47b90b33563be990dc43b756ce79f5574a2c596c928c5d1de4fa295f296b74e956d71986a8497e317
169b1f8e1bcfa7c42e0c37515d138f22dd2ecb803a0c5c99676314baf4bb1b7fa3190b2edc0327797f241067be390c9e
10321da079ce07e272d8ec09d2565b0dfa7dccdde6787f96d50af36003b14866f69b771f8c285decca67df3f1605fb7b
6e08c248e260e70bd1e962381edee3d31d79d7e22c837bc23c0bf1bc24c6b68c24b1b80b64d391fa9c8ba2e8ba2d229""",
    "x_den": """8ca8d548cff19ae18b2e62f4bd3fa6f01d5ef4ba35b48ba9c9588617fc8ac62b558d681be343df8993cf9fa40d21b1c
12561a5deb559c4348b4711298e536367041e8ca0cf0800c0126c2588c48bf5713daa8846cb026e9e5c8276ec82b3bff
b2962fe57a3225e8137e629bff2991f6f89416f5a718cd1fca64e00b11aceacd6a3d0967c94fedcfcc239ba5cb83e19
3425581a58ae2fec83aafef7c40eb545b08243f16b1655154cca8abc28d6fd04976d5243eecf5c4130de8938dc62cd8
13a8e162022914a80a6f1d5f43e7a07dffdfc759a12062bb8d6b44e833b306da9bd29ba81f35781d539d395b3532a21e
e7355f8e4e667b955390f7f0506c6e9395735e9ce9cad4d0a43bcef24b8982f7400d24bc4228f11c02df9a29f6304a5
772caacf16936190f3e0c63e0596721570f5799af53a1894e2e073062aede9cea73b3538f0de06cec2574496ee84a3a
14a7ac2a9d64a8b230b3f5b074cf01996e7f63c21bca68a81996e1cdf9822c580fa5b9489d11e2d311f7d99bbdcc5a5e
a10ecf6ada54f825e920b3dafc7a3cce07f8d1d7161366b74100da67f39883503826692abba43704776ec3a79a1d641
95fc13ab9e92ad4476d6e3eb3a56680f682b4ee96f7d03776df533978f31c1593174e4b4b7865002d6384d168ecdd0a
1""",
    "y_num": """90d97c81ba24ee0259d1f094980dcfa11ad138e48a869522b52af6c956543d3cd0c7aee9b3ba3c2be9845719707bb33
134996a104ee5811d51036d776fb46831223e96c254f383d0f906343eb67ad34d6c56711962fa8bfe097e75a2e41c696
cc786baa966e66f4a384c86a3b49942552e2d658a31ce2c344be4b91400da7d26d521628b00523b8dfe240c72de1f6
1f86376e8981c217898751ad8746757d42aa7b90eeb791c09e4a3ec03251cf9de405aba9ec61deca6355c77b0e5f4cb
8cc03fdefe0ff135caf4fe2a21529c4195536fbe3ce50b879833fd221351adc2ee7f8dc099040a841b6daecf2e8fedb
16603fca40634b6a2211e11db8f0a6a074a7d0d4afadb7bd76505c3d3ad5544e203f6326c95a807299b23ab13633a5f0
4ab0b9bcfac1bbcb2c977d027796b3ce75bb8ca2be184cb5231413c4d634f3747a87ac2460f415ec961f8855fe9d6f2
987c8d5333ab86fde9926bd2ca6c674170a05bfe3bdd81ffd038da6c26c842642f64550fedfe935a15e4ca31870fb29
9fc4018bd96684be88c9e221e4da1bb8f3abd16679dc26c1e8b6e6a1f20cabe69d65201c78607a360370e577bdba587
e1bba7a1186bdb5223abde7ada14a23c42a0ca7915af6fe06985e7ed1e4d43b9b3f7055dd4eba6f2bafaaebca731c30
19713e47937cd1be0dfd0b8f1d43fb93cd2fcbcb6caf493fd1183e416389e61031bf3a5cce3fbafce813711ad011c132
18b46a908f36f6deb918c143fed2edcc523559b8aaf0c2462e6bfe7f911f643249d9cdf41b44d606ce07c8a4d0074d8e
b182cac101b9399d155096004f53f447aa7b12a3426b08ec02710e807b4633f06c851c1919211f20d4c04f00b971ef8
245a394ad1eca9b72fc00ae7be315dc757b3b080d4c158013e6632d3c40659cc6cf90ad1c232a6442d9d3f5db980133
5c129645e44cf1102a159f748c4a3fc5e673d81d7e86568d9ab0f5d396a7ce46ba1049b6579afb7866b1e715475224b
15e6be4e990f03ce4ea50b3b42df2eb5cb181d8f84965a3957add4fa95af01b2b665027efec01c7704b456be69c8b604""",
    "y_den": """16112c4c3a9c98b252181140fad0eae9601a6de578980be6eec3232b5be72e7a07f3688ef60c206d01479253b03663c1
1962d75c2381201e1a0cbd6c43c348b885c84ff731c4d59ca4a10356f453e01f78a4260763529e3532f6102c2e49a03d
58df3306640da276faaae7d6e8eb15778c4855551ae7f310c35a5dd279cd2eca6757cd636f96f891e2538b53dbf67f2
16b7d288798e5395f20d23bf89edb4d1d115c5dbddbcd30e123da489e726af41727364f2c28297ada8d26d98445f5416
be0e079545f43e4b00cc912f8228ddcc6d19c9f0f69bbb0542eda0fc9dec916a20b15dc0fd2ededda39142311a5001d
8d9e5297186db2d9fb266eaac783182b70152c65550d881c5ecd87b6f0f5a6449f38db9dfa9cce202c6477faaf9b7ac
166007c08a99db2fc3ba8734ace9824b5eecfdfa8d0cf8ef5dd365bc400a0051d5fa9c01a58b1fb93d1a1399126a775c
16a3ef08be3ea7ea03bcddfabba6ff6ee5a4375efa1f4fd7feb34fd206357132b920f5b00801dee460ee415a15812ed9
1866c8ed336c61231a1be54fd1d74cc4f9fb0ce4c6af5920abc5750c4bf39b4852cfe2f7bb9248836b233d9d55535d4a
167a55cda70a6e1cea820597d94a84903216f763e13d87bb5308592e7ea7d4fbc7385ea3d529b35e346ef48bb8913f55
4d2f259eea405bd48f010a01ad2911d9c6dd039bb61a6290e591b36e636a5c871a5c29f4f83060400f8b49cba8f6aa8
accbb67481d033ff5852c1e48c50c477f94ff8aefce42d28c0f9a88cea7913516f968986f7ebbea9684b529e2561092
ad6b9514c767fe3c3613144b45f1496543346d98adf02267d5ceef9a00d9b8693000763e3b90ac11e99b138573345cc
2660400eb2e4f3b628bdd0d53cd76f2bf565b94e72927c1cb748df27942480e420517bd8714cc80d1fadc1326ed06f7
e0fa1d816ddc03e6b24255e0d7819c171c40f65e273b853324efcd6356caa205ca2f570f13497804415473a1d634b8f
1""",
}
ISO = {k: [int(h, 16) for h in v.split()] for k, v in ISO.items()}

G1_X = 0x17F1D3A73197D7942695638C4FA9AC0FC3688C4F9774B905A14E3A3F171BAC586C55E83FF97A1AEFFB3AF00ADB22C6BB
G1_Y = 0x08B3F481E3AAA0F1A09E30ED741D8AE4FCF5E095D5D00AF600DB18CB2C04B3EDD03CC744A2888AE40CAA232946C5E7E1
G2_X = (0x024AA2B2F08F0A91260805272DC51051C6E47AD4FA403B02B4510B647AE3D1770BAC0326A805BBEFD48056C8C121BDB8,
        0x13E02B6052719F607DACD3A088274F65596BD0D09920B61AB5DA61BBDC7F5049334CF11213945D57E5AC7D055D042B7E)
G2_Y = (0x0CE5D527727D6E118CC9CDC6DA2E351AADFD9BAA8CBDD3A76D429A695160D12C923AC9CC3BACA289E193548608B82801,
        0x0606C4A02EA734CC32ACD2B02BC28B99CB3E287E85A763AF267492AB572E99AB3F370D275CEC1DA1AAA9075FF05F79BE)


# ---- tiny reference arithmetic, used for derivations and sanity checks only -----------------
def f2mul(a, b):
    return ((a[0] * b[0] - a[1] * b[1]) % P, (a[0] * b[1] + a[1] * b[0]) % P)


def f2pow(a, e):
    r = (1, 0)
    while e:
        if e & 1:
            r = f2mul(r, a)
        a = f2mul(a, a)
        e >>= 1
    return r


assert (G1_Y * G1_Y - G1_X**3 - 4) % P == 0
x3 = f2mul(f2mul(G2_X, G2_X), G2_X)
y2 = f2mul(G2_Y, G2_Y)
assert ((y2[0] - x3[0] - 4) % P, (y2[1] - x3[1] - 4) % P) == (0, 0)


def iso_map(xp, yp):
    def poly(c, v):
        return sum(ci * pow(v, i, P) for i, ci in enumerate(c)) % P

    x = poly(ISO["x_num"], xp) * pow(poly(ISO["x_den"], xp), P - 2, P) % P
    y = yp * poly(ISO["y_num"], xp) * pow(poly(ISO["y_den"], xp), P - 2, P) % P
    return x, y


# sanity: a point on E' maps onto E
for t in range(1, 50):
    g = (t**3 + SSWU_A * t + SSWU_B) % P
    if pow(g, (P - 1) // 2, P) == 1:
        y = pow(g, (P + 1) // 4, P)
        xe, ye = iso_map(t, y)
        assert (ye * ye - xe**3 - 4) % P == 0
        break

XI = (1, 1)  # u + 1, the Fp6 non-residue
FROB = {k: [f2pow(XI, e * (P**k - 1) // 6) for e in range(6)] for k in (1, 2, 3)}

# ---- endomorphisms for the subgroup checks (public points, variable time) -------------------
def f2inv(a):
    return f2pow(a, P * P - 2)


def ec_add(p1, p2, mul, inv, sub, add, zero, three):
    # affine addition/doubling on y^2 = x^3 + b (None = identity); enough for checking the constants
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2:
        if add(y1, y2) == zero:
            return None
        lam = mul(mul(three, mul(x1, x1)), inv(add(y1, y1)))
    else:
        lam = mul(sub(y2, y1), inv(sub(x2, x1)))
    x3 = sub(sub(mul(lam, lam), x1), x2)
    return (x3, sub(mul(lam, sub(x1, x3)), y1))


def ec_mul(pt, k, ops):
    r = None
    for bit in bin(k)[2:]:
        r = ec_add(r, r, *ops)
        if bit == "1":
            r = ec_add(r, pt, *ops)
    return r


FP_OPS = (lambda a, b: a * b % P, lambda a: pow(a, P - 2, P), lambda a, b: (a - b) % P, lambda a, b: (a + b) % P, 0, 3)
FP2_OPS = (f2mul, f2inv, lambda a, b: ((a[0] - b[0]) % P, (a[1] - b[1]) % P),
           lambda a, b: ((a[0] + b[0]) % P, (a[1] + b[1]) % P), (0, 0), (3, 0))
# psi = untwist-Frobenius-twist on E': (x, y) -> (conj(x) c_x, conj(y) c_y), c_x = (u+1)^-((p-1)/3),
# c_y = (u+1)^-((p-1)/2). On G2 it acts as [x]: psi(Q) == [x]Q is the G2 membership test (Scott 2021).
PSI_X = f2inv(f2pow((1, 1), (P - 1) // 3))
PSI_Y = f2inv(f2pow((1, 1), (P - 1) // 2))
_psi_g2 = (f2mul((G2_X[0], -G2_X[1] % P), PSI_X), f2mul((G2_Y[0], -G2_Y[1] % P), PSI_Y))
_xg2 = ec_mul((G2_X, G2_Y), -X, FP2_OPS)
assert _psi_g2 == (_xg2[0], (-_xg2[1][0] % P, -_xg2[1][1] % P)), "psi(g2) != [x] g2"
# sigma(x, y) = (beta x, y), beta a primitive cube root of unity; on G1 it acts as [-x^2] for exactly one
# of the two roots, which is the one kept (the G1 membership test sigma(P) == -[x^2]P, eprint 2021/1130).
_w = pow(2, (P - 1) // 3, P)
assert _w != 1
_x2g1 = ec_mul((G1_X, G1_Y), X * X, FP_OPS)
_minus_x2g1 = (_x2g1[0], -_x2g1[1] % P)
BETA = [b for b in (_w, _w * _w % P) if (b * G1_X % P, G1_Y) == _minus_x2g1]
assert len(BETA) == 1
BETA = BETA[0]



def limbs(v, n=6):
    return [(v >> (64 * i)) & 0xFFFFFFFFFFFFFFFF for i in range(n)]


def fp_lit(v):
    return "{{" + ", ".join("0x%016x" % l for l in limbs(v * MONT % P)) + "}}"


def fp2_lit(a):
    return "{" + fp_lit(a[0]) + ", " + fp_lit(a[1]) + "}"


def raw_lit(v, n):
    return "{" + ", ".join("0x%016xULL" % l for l in limbs(v, n)) + "}"


out = []
w = out.append
w("// SPDX-License-Identifier: MIT")
w("// Generated by scripts/gen_bls12_381_constants.py; do not edit. Fp values are Montgomery limbs (R = 2^384).")
w("// clang-format off")
w("inline constexpr std::uint64_t kP[6] = %s;" % raw_lit(P, 6))
w("inline constexpr std::uint64_t kPInv = 0x%016xULL;  // -p^-1 mod 2^64" % ((-pow(P, -1, 1 << 64)) % (1 << 64)))
w("inline constexpr std::uint64_t kR2[6] = %s;  // 2^768 mod p" % raw_lit((MONT * MONT) % P, 6))
w("inline constexpr std::uint64_t kPMinus2[6] = %s;" % raw_lit(P - 2, 6))
w("inline constexpr std::uint64_t kPPlus1Div4[6] = %s;" % raw_lit((P + 1) // 4, 6))
w("inline constexpr std::uint64_t kPMinus1Div2[6] = %s;" % raw_lit((P - 1) // 2, 6))
w("inline constexpr std::uint64_t kOrder[4] = %s;  // r" % raw_lit(R_ORDER, 4))
w("inline constexpr std::uint64_t kAbsX = 0x%016xULL;  // |x|, x negative" % (-X))
w("inline constexpr std::uint64_t kHardPartA[2] = %s;  // (x-1)^2/3" % raw_lit((X - 1) ** 2 // 3, 2))
w("inline constexpr std::uint64_t kHardPartFull[20] = %s;  // (p^4-p^2+1)/r" % raw_lit((P**4 - P**2 + 1) // R_ORDER, 20))
w("inline constexpr std::uint64_t kClearCofactorG1 = 0x%016xULL;  // h_eff = 1 - x" % (1 - X))
w("inline const Fp kOne = %s;" % fp_lit(1))
w("inline const Fp kTwoPow256 = %s;" % fp_lit(1 << 256))
w("inline const Fp kB1 = %s;  // b = 4" % fp_lit(4))
w("inline const Fp kB3G1 = %s;  // 3b" % fp_lit(12))
w("inline const Fp2 kB3G2 = %s;  // 3b' = 12(u+1)" % fp2_lit((12, 12)))
w("inline const Fp2 kB2 = %s;  // b' = 4(u+1)" % fp2_lit((4, 4)))
w("inline const Fp kG1X = %s;" % fp_lit(G1_X))
w("inline const Fp kG1Y = %s;" % fp_lit(G1_Y))
w("inline const Fp2 kG2X = %s;" % fp2_lit(G2_X))
w("inline const Fp2 kG2Y = %s;" % fp2_lit(G2_Y))
w("inline const Fp kSswuA = %s;" % fp_lit(SSWU_A))
w("inline const Fp kSswuB = %s;" % fp_lit(SSWU_B))
w("inline const Fp kSswuZ = %s;" % fp_lit(SSWU_Z))
w("inline const Fp kSswuMinusBOverA = %s;" % fp_lit((-SSWU_B) * pow(SSWU_A, -1, P) % P))
w("inline const Fp kSswuBOverZA = %s;" % fp_lit(SSWU_B * pow(SSWU_Z * SSWU_A, -1, P) % P))
for k, v in ISO.items():
    w("inline const Fp kIso_%s[%d] = {%s};" % (k, len(v), ", ".join(fp_lit(c) for c in v)))
for k in (1, 2, 3):
    w("inline const Fp2 kFrob%d[6] = {%s};  // xi^(e(p^%d-1)/6)" % (k, ", ".join(fp2_lit(c) for c in FROB[k]), k))
w("inline const Fp2 kPsiX = %s;  // (u+1)^-((p-1)/3)" % fp2_lit(PSI_X))
w("inline const Fp2 kPsiY = %s;  // (u+1)^-((p-1)/2)" % fp2_lit(PSI_Y))
w("inline const Fp kBeta = %s;  // cube root of unity with sigma = [-x^2] on G1" % fp_lit(BETA))
w("// clang-format on")
dest = pathlib.Path(__file__).resolve().parent.parent / "lib/crypto/bls12_381/constants.inc"
dest.write_text("\n".join(out) + "\n")
print("wrote", dest)
