# SPDX-License-Identifier: MIT
"""Keypair (btwallet-compatible), keyfiles and wallets from Python."""
import json
import os
import stat

import pytest

import bittensor_cpp as bt

if not hasattr(bt, "wallet"):
    pytest.skip("built without the wallet module", allow_module_level=True)
wallet = bt.wallet

ALICE_SR = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"
DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk"
CHEAP = (3, 1 << 16)


@pytest.fixture()
def cheap_kdf():
    wallet._override_kdf_params_for_tests(*CHEAP)
    yield
    wallet._override_kdf_params_for_tests()


def test_alice_all_schemes():
    k = bt.Keypair.create_from_uri("//Alice")
    assert k.public_key.hex() == ALICE_SR
    assert k.ss58_address == "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
    assert k.crypto_type == 1
    ed = bt.Keypair.create_from_uri("//Alice", crypto_type=0)
    assert ed.public_key.hex() == "88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee"
    ec = bt.Keypair.create_from_uri("//Alice", crypto_type="ecdsa")
    assert ec.public_key.hex() == "020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1"
    assert ec.ss58_address == "5C7C2Z5sWbytvHpuLTvzKunnnRwQxft1jiqrLD5rhucQ5S9X"
    assert bt.Keypair.create_from_uri("//Alice", ss58_format=0).ss58_address == (
        "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5")


def test_sign_verify_inputs():
    for ct in (0, 1, 2):
        k = bt.Keypair.create_from_uri("//Bob", crypto_type=ct)
        sig = k.sign(b"payload")
        assert len(sig) == (65 if ct == 2 else 64)
        assert k.verify(b"payload", sig)
        assert k.verify("payload", "0x" + sig.hex())
        assert k.verify("0x" + b"payload".hex(), sig)
        assert not k.verify(b"payloaD", sig)
        assert not k.verify(b"payload", sig[:-1])
        assert not k.verify(b"payload", bytes(len(sig)))
    k = bt.Keypair.create_from_uri("//Bob")
    wrapped = k.sign(b"<Bytes>msg</Bytes>")
    assert k.verify(b"msg", wrapped)

    class ScaleBytes:  # scalecodec's ScaleBytes shape
        def __init__(self, data):
            self.data = data

    assert k.verify(ScaleBytes(b"abc"), k.sign(ScaleBytes(b"abc")))
    with pytest.raises(TypeError):
        k.sign(12345)


def test_constructors_and_mnemonics():
    m = bt.Keypair.generate_mnemonic()
    assert len(m.split()) == 12
    assert len(bt.Keypair.generate_mnemonic(24).split()) == 24
    assert bt.Keypair.validate_mnemonic(m)
    k = bt.Keypair.create_from_mnemonic(m)
    assert k.mnemonic == m
    assert k.seed_hex.startswith("0x") and len(k.seed_hex) == 66
    same = bt.Keypair.create_from_seed(k.seed_hex)
    assert same.public_key == k.public_key
    from_priv = bt.Keypair.create_from_private_key("0x" + k.private_key.hex())
    assert from_priv.public_key == k.public_key
    pub = bt.Keypair(ss58_address=k.ss58_address)
    assert pub.public_key == k.public_key and not pub.has_private_key
    assert pub.verify(b"x", k.sign(b"x"))
    with pytest.raises(bt.KeyfileError):
        pub.sign(b"x")
    assert bt.Keypair(public_key=k.public_key).ss58_address == k.ss58_address


def test_bad_input_raises_typed_errors():
    with pytest.raises(bt.CryptoError):
        bt.Keypair.create_from_mnemonic("abandon abandon")
    with pytest.raises(bt.CryptoError):
        bt.Keypair.create_from_uri("//Alice/soft", crypto_type=0)
    with pytest.raises(bt.CryptoError):
        bt.Keypair.create_from_uri("a//")
    with pytest.raises(bt.CryptoError):
        bt.Keypair(ss58_address="5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ")
    with pytest.raises(bt.CryptoError):
        bt.Keypair.create_from_seed(b"\x01" * 31)
    with pytest.raises(bt.CryptoError):
        bt.Keypair.generate_mnemonic(13)
    with pytest.raises(ValueError):
        bt.Keypair()


def test_keyfile_data_roundtrip(cheap_kdf):
    k = bt.Keypair.create_from_mnemonic(DEV_PHRASE)
    data = wallet.serialized_keypair_to_keyfile_data(k)
    d = json.loads(data)
    assert d["publicKey"] == d["accountId"] == "0x46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a"
    assert d["secretPhrase"] == DEV_PHRASE
    enc = wallet.encrypt_keyfile_data(data, "pw")
    assert wallet.keyfile_data_is_encrypted(enc)
    assert wallet.keyfile_data_encryption_method(enc) == "NaCl"
    assert wallet.decrypt_keyfile_data(enc, "pw") == data
    with pytest.raises(bt.KeyfileError) as e:
        wallet.decrypt_keyfile_data(enc, "nope")
    assert e.value.reason.startswith("wrong password")
    with pytest.raises(bt.KeyfileError) as e:
        wallet.decrypt_keyfile_data(enc[:20], "pw")
    assert "truncated" in e.value.reason
    with pytest.raises(bt.KeyfileError):
        wallet.deserialize_keypair_from_keyfile_data(b"{not json")
    assert wallet.deserialize_keypair_from_keyfile_data(data).public_key == k.public_key


def test_keyfile_matches_pynacl(cheap_kdf):
    """Same $NACL layout as PyNaCl (what bittensor's Python wallet used), with the cheap parameters."""
    nacl_pwhash = pytest.importorskip("nacl.pwhash")
    nacl_secret = pytest.importorskip("nacl.secret")
    salt = bytes.fromhex("137183dff15a09bc9c90b5518739e9b1")
    key = nacl_pwhash.argon2i.kdf(32, b"pw", salt, opslimit=CHEAP[0], memlimit=CHEAP[1])
    box = nacl_secret.SecretBox(key)
    ours = wallet.encrypt_keyfile_data(b"hello keyfile", "pw")
    assert box.decrypt(ours[5:]) == b"hello keyfile"
    theirs = b"$NACL" + box.encrypt(b"from pynacl")
    assert wallet.decrypt_keyfile_data(theirs, "pw") == b"from pynacl"


def test_wallet_on_disk(tmp_path, cheap_kdf):
    w = bt.Wallet(name="w1", hotkey="h1", path=str(tmp_path))
    mnemonic = w.create_new_coldkey(password="pw")
    assert len(mnemonic.split()) == 12
    hot_mnemonic = w.create_new_hotkey()
    assert os.path.exists(tmp_path / "w1" / "coldkey")
    assert os.path.exists(tmp_path / "w1" / "coldkeypub.txt")
    assert os.path.exists(tmp_path / "w1" / "hotkeys" / "h1")
    assert os.path.exists(tmp_path / "w1" / "hotkeys" / "h1pub.txt")
    assert stat.S_IMODE(os.stat(tmp_path / "w1" / "coldkey").st_mode) == 0o600
    assert w.coldkey_file.is_encrypted()
    assert not w.hotkey_file.is_encrypted()

    w2 = bt.Wallet(name="w1", hotkey="h1", path=str(tmp_path))
    with pytest.raises(bt.KeyfileError):
        w2.unlock_coldkey(password="bad")
    asked = []
    cold = w2.unlock_coldkey(password_callback=lambda: asked.append(1) or "pw")
    assert cold.mnemonic == mnemonic
    assert w2.coldkey_unlocked
    assert w2.coldkey.public_key == cold.public_key  # cached: no password needed
    assert len(asked) == 1
    assert w2.coldkeypub.ss58_address == cold.ss58_address
    assert w2.hotkey.mnemonic == hot_mnemonic
    w2.lock()
    assert not w2.coldkey_unlocked

    with pytest.raises(bt.KeyfileError):
        w.create_new_coldkey(password="pw")  # exists
    w.regenerate_coldkey(mnemonic=DEV_PHRASE, password="pw2", overwrite=True)
    assert bt.Wallet("w1", "h1", str(tmp_path)).get_coldkey("pw2").public_key.hex() == (
        "46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a")

    kf = bt.Keyfile(str(tmp_path / "plain"))
    with pytest.raises(bt.KeyfileError):
        kf.set_keypair(bt.Keypair.create_from_uri("//Alice"), encrypt=False)  # refused without opt-in
    kf.set_keypair(bt.Keypair.create_from_uri("//Alice"), encrypt=False, allow_unencrypted=True)
    assert kf.keypair.public_key.hex() == ALICE_SR
    with pytest.raises(bt.KeyfileError):
        bt.Keyfile(str(tmp_path / "missing")).get_keypair()


def test_env_password(tmp_path, cheap_kdf, monkeypatch):
    kf = bt.Keyfile(str(tmp_path / "ck"))
    kf.set_keypair(bt.Keypair.create_from_uri("//Alice"), password="envpw")
    name = kf.env_var_name()
    assert name.startswith("BT_PW_") and "/" not in name
    monkeypatch.setenv(name, wallet.obfuscate_env_password("envpw", name))
    assert kf.get_keypair().public_key.hex() == ALICE_SR


def test_polkadot_json_roundtrip():
    for ct in (0, 1, 2):
        k = bt.Keypair.create_from_uri("//Eve", crypto_type=ct)
        text = k.to_encrypted_json("pw", "eve")
        d = json.loads(text)
        assert d["encoding"]["version"] == "3"
        again = bt.Keypair.create_from_encrypted_json(d, "pw")
        assert again.public_key == k.public_key and again.crypto_type == ct
        with pytest.raises(bt.KeyfileError):
            bt.Keypair.create_from_encrypted_json(text, "bad")
