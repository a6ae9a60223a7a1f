#!/usr/bin/python3
"""Known-answer vectors for @tss/session and the Crypto conformance kit.

Independent of the TypeScript code under test: primitives come from Python's
hashlib/hmac and the `cryptography` package (KBKDFHMAC for KDFa, ConcatKDFHash
for KDFe, AES-CFB, RSA, ECDSA, AES-GCM). The session flows are computed by a
small model of the TPM's side of a command, written after the TPM 2.0 reference
implementation's structure (ComputeCommandHMAC, CryptParameterDecryption,
BuildResponseSession, SessionComputeBoundEntity, ...), not after our engine.

Run: /usr/bin/python3 packages/session/scripts/generate-vectors.py
Writes: packages/session/src/testkit/vectors.ts (deterministic for a given seed).
"""

import hashlib
import hmac as hmac_mod
import json
import os
import random

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils as asym_utils
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.concatkdf import ConcatKDFHash
from cryptography.hazmat.primitives.kdf.kbkdf import CounterLocation, KBKDFHMAC, Mode

rng = random.Random(0x7455)


def rb(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


SHA1, SHA256, SHA384, SHA512 = 0x0004, 0x000B, 0x000C, 0x000D
HASHES = {SHA1: (hashes.SHA1, "sha1", 20), SHA256: (hashes.SHA256, "sha256", 32),
          SHA384: (hashes.SHA384, "sha384", 48), SHA512: (hashes.SHA512, "sha512", 64)}
ALG_NULL, ALG_XOR, ALG_AES, ALG_CFB = 0x0010, 0x000A, 0x0006, 0x0043
SE_HMAC, SE_POLICY = 0x00, 0x01
RS_PW = 0x40000009
A_CONTINUE, A_AUDIT_EXCL, A_AUDIT_RESET, A_DECRYPT, A_ENCRYPT, A_AUDIT = 0x01, 0x02, 0x04, 0x20, 0x40, 0x80


def H(alg, data):
    return hashlib.new(HASHES[alg][1], data).digest()


def hsize(alg):
    return HASHES[alg][2]


def HMAC(alg, key, data):
    return hmac_mod.new(key, data, HASHES[alg][1]).digest()


def kdfa(alg, key, label, u, v, bits):
    """KDFa through cryptography's SP800-108 counter KDF (multiples of 8 bits)."""
    assert bits % 8 == 0
    if bits == 0:
        return b""
    k = KBKDFHMAC(algorithm=HASHES[alg][0](), mode=Mode.CounterMode, length=bits // 8, rlen=4, llen=4,
                  location=CounterLocation.BeforeFixed, label=label.encode(), context=u + v, fixed=None)
    return k.derive(key)


def kdfa_bits(alg, key, label, u, v, bits):
    """KDFa written out (for sizes that are not whole octets): low `bits` bits kept."""
    out = b""
    i = 1
    n = (bits + 7) // 8
    while len(out) < n:
        out += HMAC(alg, key, i.to_bytes(4, "big") + label.encode() + b"\0" + u + v + bits.to_bytes(4, "big"))
        i += 1
    out = bytearray(out[:n])
    if bits % 8:
        out[0] &= (1 << (bits % 8)) - 1
    return bytes(out)


def kdfe(alg, z, label, u, v, bits):
    assert bits % 8 == 0
    return ConcatKDFHash(algorithm=HASHES[alg][0](), length=bits // 8, otherinfo=label.encode() + b"\0" + u + v).derive(z)


def aes_cfb(encrypt, key, iv, data):
    c = Cipher(algorithms.AES(key), modes.CFB(iv))
    op = c.encryptor() if encrypt else c.decryptor()
    return op.update(data) + op.finalize()


def hx(b):
    return b.hex()


def trim(a):
    return a.rstrip(b"\0")


# ---------------------------------------------------------------- primitives
def primitive_vectors():
    msgs = [b"", b"abc", rb(55), rb(64), rb(200), rb(1000)]
    hash_v = [{"alg": a, "data": hx(m), "digest": hx(H(a, m))} for a in HASHES for m in msgs]
    hmac_v = []
    for a in HASHES:
        for klen in (0, 1, 20, 64, 128, 200):
            k, m = rb(klen), rb(rng.randrange(0, 150))
            hmac_v.append({"alg": a, "key": hx(k), "data": hx(m), "mac": hx(HMAC(a, k, m))})
    cfb_v = []
    for kb in (128, 192, 256):
        for n in (0, 1, 15, 16, 17, 33, 64, 100, 1024):
            k, iv, p = rb(kb // 8), rb(16), rb(n)
            cfb_v.append({"key": hx(k), "iv": hx(iv), "plain": hx(p), "cipher": hx(aes_cfb(True, k, iv, p))})
    gcm_v = []
    for kb in (128, 256):
        for n, alen in ((0, 0), (16, 0), (37, 13), (64, 20)):
            k, iv, p, aad = rb(kb // 8), rb(12), rb(n), rb(alen)
            gcm_v.append({"key": hx(k), "iv": hx(iv), "plain": hx(p), "aad": hx(aad) if alen else None,
                          "sealed": hx(AESGCM(k).encrypt(iv, p, aad if alen else None))})
    return {"hash": hash_v, "hmac": hmac_v, "aesCfb": cfb_v, "aesGcm": gcm_v}


# ---------------------------------------------------------------- KDFs
def kdf_vectors():
    ka = []
    for a in HASHES:
        for label, bits in (("ATH", hsize(a) * 8), ("CFB", 128 + 128), ("CFB", 256 + 128), ("XOR", 8 * 37),
                            ("XOR", 8), ("IDENTITY", 8 * 200), ("STORAGE", 0)):
            k, u, v = rb(rng.choice((0, 16, 32, 96))), rb(rng.choice((0, 16, 32))), rb(rng.choice((0, 16, 64)))
            out = kdfa(a, k, label, u, v, bits)
            assert out == kdfa_bits(a, k, label, u, v, bits)
            ka.append({"alg": a, "key": hx(k), "label": label, "contextU": hx(u), "contextV": hx(v), "bits": bits, "out": hx(out)})
        for bits in (1, 7, 12, 161):
            k, u, v = rb(20), rb(16), rb(16)
            ka.append({"alg": a, "key": hx(k), "label": "ODD", "contextU": hx(u), "contextV": hx(v), "bits": bits,
                       "out": hx(kdfa_bits(a, k, "ODD", u, v, bits))})
    ke = []
    for a in HASHES:
        for label, bits in (("SECRET", hsize(a) * 8), ("DUPLICATE", 8 * 100), ("IDENTITY", 128)):
            z, u, v = rb(rng.choice((32, 48, 66))), rb(32), rb(32)
            ke.append({"alg": a, "z": hx(z), "label": label, "partyUInfo": hx(u), "partyVInfo": hx(v), "bits": bits,
                       "out": hx(kdfe(a, z, label, u, v, bits))})
    return {"kdfA": ka, "kdfE": ke}


# ---------------------------------------------------------------- session pieces
def piece_vectors():
    xor_v, cfb_v, cph, rph, chm, rhm, names, skeys = [], [], [], [], [], [], [], []
    for a in HASHES:
        for n in (0, 1, 20, 64, 257):
            sv, nn, no = rb(rng.choice((0, 32, 64))), rb(hsize(a)), rb(hsize(a))
            xor_v.append({"alg": a, "sessionValue": hx(sv), "nonceNewer": hx(nn), "nonceOlder": hx(no), "bytes": n,
                          "mask": hx(kdfa(a, sv, "XOR", nn, no, n * 8))})
        for kb in (128, 192, 256):
            sv, nn, no = rb(rng.choice((0, 32, 96))), rb(hsize(a)), rb(hsize(a))
            o = kdfa(a, sv, "CFB", nn, no, kb + 128)
            cfb_v.append({"alg": a, "sessionValue": hx(sv), "nonceNewer": hx(nn), "nonceOlder": hx(no), "keyBits": kb,
                          "key": hx(o[:kb // 8]), "iv": hx(o[kb // 8:])})
        for nh in (0, 1, 2, 3):
            cc = rng.choice((0x153, 0x131, 0x17B, 0x12A))
            nm = [rb(rng.choice((4, 34, 22, 50))) for _ in range(nh)]
            p = rb(rng.randrange(0, 120))
            cph.append({"alg": a, "commandCode": cc, "names": [hx(x) for x in nm], "parameters": hx(p),
                        "digest": hx(H(a, cc.to_bytes(4, "big") + b"".join(nm) + p))})
            rph.append({"alg": a, "responseCode": 0, "commandCode": cc, "parameters": hx(p),
                        "digest": hx(H(a, (0).to_bytes(4, "big") + cc.to_bytes(4, "big") + p))})
        for extra in (0, 1, 2):
            k, ph, nc, nt = rb(rng.choice((0, 32, 64, 96))), rb(hsize(a)), rb(hsize(a)), rb(hsize(a))
            ex = [rb(hsize(a)) for _ in range(extra)]
            at = rng.randrange(256)
            chm.append({"alg": a, "key": hx(k), "cpHash": hx(ph), "nonceCaller": hx(nc), "nonceTPM": hx(nt),
                        "extraNonces": [hx(x) for x in ex], "attributes": at,
                        "hmac": hx(HMAC(a, k, ph + nc + nt + b"".join(ex) + bytes([at])))})
            rhm.append({"alg": a, "key": hx(k), "rpHash": hx(ph), "nonceTPM": hx(nt), "nonceCaller": hx(nc),
                        "attributes": at, "hmac": hx(HMAC(a, k, ph + nt + nc + bytes([at])))})
        pub = rb(rng.randrange(40, 300))
        names.append({"alg": a, "publicArea": hx(pub), "name": hx(a.to_bytes(2, "big") + H(a, pub))})
        for bound, salted in ((False, False), (True, False), (False, True), (True, True)):
            nc, nt = rb(hsize(a)), rb(hsize(a))
            bind_auth = rb(rng.choice((0, 5, 20))) + (b"\0\0" if bound else b"")
            salt = rb(hsize(a)) if salted else b""
            key = kdfa(a, trim(bind_auth) + salt, "ATH", nt, nc, hsize(a) * 8) if (bound or salted) else b""
            skeys.append({"alg": a, "nonceTPM": hx(nt), "nonceCaller": hx(nc), "bound": bound,
                          "bindAuth": hx(bind_auth), "salt": hx(salt), "sessionKey": hx(key)})
    return {"xorMask": xor_v, "cfbKeyIv": cfb_v, "cpHash": cph, "rpHash": rph, "commandHmac": chm,
            "responseHmac": rhm, "objectName": names, "sessionKey": skeys}


# ---------------------------------------------------------------- keys (for salts and signatures)
def i2b(i, n):
    return i.to_bytes(n, "big")


def key_vectors():
    out = {"rsa": [], "ecc": []}
    for bits in (2048, 3072):
        k = rsa.generate_private_key(65537, bits)
        pn = k.private_numbers()
        n = bits // 8
        sigs = []
        for a in HASHES:
            d = H(a, rb(30))
            s1 = k.sign(d, padding.PKCS1v15(), asym_utils.Prehashed(HASHES[a][0]()))
            s2 = k.sign(d, padding.PSS(mgf=padding.MGF1(HASHES[a][0]()), salt_length=hsize(a)),
                        asym_utils.Prehashed(HASHES[a][0]()))
            sigs.append({"scheme": "RSASSA", "hashAlg": a, "digest": hx(d), "signature": hx(s1)})
            sigs.append({"scheme": "RSAPSS", "hashAlg": a, "digest": hx(d), "signature": hx(s2)})
        out["rsa"].append({"n": hx(i2b(pn.public_numbers.n, n)), "e": pn.public_numbers.e, "d": hx(i2b(pn.d, n)),
                           "p": hx(i2b(pn.p, n // 2)), "q": hx(i2b(pn.q, n // 2)), "signatures": sigs})
    for curve_id, curve, size in ((0x0003, ec.SECP256R1(), 32), (0x0004, ec.SECP384R1(), 48)):
        k = ec.generate_private_key(curve)
        pn = k.private_numbers()
        sigs = []
        for a in HASHES:
            d = H(a, rb(30))
            r, s = asym_utils.decode_dss_signature(k.sign(d, ec.ECDSA(asym_utils.Prehashed(HASHES[a][0]()))))
            sigs.append({"hashAlg": a, "digest": hx(d), "r": hx(i2b(r, size)), "s": hx(i2b(s, size))})
        out["ecc"].append({"curveID": curve_id, "d": hx(i2b(pn.private_value, size)),
                           "x": hx(i2b(pn.public_numbers.x, size)), "y": hx(i2b(pn.public_numbers.y, size)),
                           "signatures": sigs})
    return out


# ---------------------------------------------------------------- the TPM's side of a command
class TpmSession:
    """What the TPM keeps per session (the reference SESSION structure, in part)."""

    def __init__(self, handle, se, alg, sym, session_key, nonce_tpm, bind_value=None):
        self.handle, self.se, self.alg, self.sym = handle, se, alg, sym
        self.session_key, self.nonce_tpm = session_key, nonce_tpm
        self.bind_value = bind_value  # SessionComputeBoundEntity result for HMAC sessions
        self.is_auth_value_needed = False
        self.is_password_needed = False
        self.audit_digest = None


NAME_SIZE = 2 + 64  # sizeof(TPMU_NAME) on a TPM with SHA-512


def bound_entity(name, auth):
    """SessionComputeBoundEntity: the Name, zero-padded, with the authValue XORed at its end."""
    auth = trim(auth)
    b = bytearray(name + b"\0" * (NAME_SIZE - len(name)))
    for i, x in enumerate(auth):
        b[NAME_SIZE - len(auth) + i] ^= x
    return bytes(b)


def tpm_crypt_param(s, extra_key, nonce_newer, nonce_older, params, encrypt):
    size = int.from_bytes(params[:2], "big")
    data = params[2:2 + size]
    key = s.session_key + extra_key
    if s.sym[0] == ALG_XOR:
        mask = kdfa(s.alg, key, "XOR", nonce_newer, nonce_older, size * 8)
        out = bytes(a ^ b for a, b in zip(data, mask))
    else:
        kb = s.sym[1]
        o = kdfa(s.alg, key, "CFB", nonce_newer, nonce_older, kb + 128)
        out = aes_cfb(encrypt, o[:kb // 8], o[kb // 8:], data) if size else b""
    return params[:2] + out + params[2 + size:]


def tpm_execute(sessions, entities, cc, names, sent_params, auths, clear_resp, new_nonces, new_auths):
    """Checks a command as the TPM does and builds its response.

    sessions: TpmSession or None (password) per auth entry; entities: (name, authValue) or None per entry;
    auths: the command's (handle, nonceCaller, attributes, hmac); returns (clear command params, response auths,
    response params as sent).
    """
    n = len(auths)
    dec = next((i for i in range(n) if auths[i][2] & A_DECRYPT), None)
    enc = next((i for i in range(n) if auths[i][2] & A_ENCRYPT), None)
    include_auth = [False] * n
    for i in range(n):
        s, ent, (handle, nc, attrs, mac) = sessions[i], entities[i], auths[i]
        if s is None:
            assert trim(mac) == trim(ent[1]), "password"
            continue
        if ent is not None:
            if s.se == SE_POLICY:
                include_auth[i] = s.is_auth_value_needed or s.is_password_needed
            else:
                include_auth[i] = not (s.bind_value is not None and s.bind_value == bound_entity(ent[0], ent[1]))
        if ent is not None and s.se == SE_POLICY and s.is_password_needed:
            assert trim(mac) == trim(ent[1]), "policy password"
            continue
        # ComputeCommandHMAC
        nonce_dec = nonce_enc = None
        if i == 0 and ent is not None:
            if dec is not None and dec != 0:
                nonce_dec = sessions[dec].nonce_tpm
            if enc is not None and enc != 0 and enc != dec:
                nonce_enc = sessions[enc].nonce_tpm
        key = s.session_key + (trim(ent[1]) if include_auth[i] else b"")
        cp = H(s.alg, cc.to_bytes(4, "big") + b"".join(names) + sent_params)
        msg = cp + nc + s.nonce_tpm + (nonce_dec or b"") + (nonce_enc or b"") + bytes([attrs])
        assert HMAC(s.alg, key, msg) == mac, f"command HMAC of session {i}"
    clear = sent_params
    if dec is not None:
        s = sessions[dec]
        extra = trim(entities[dec][1]) if entities[dec] is not None else b""
        clear = tpm_crypt_param(s, extra, auths[dec][1], s.nonce_tpm, sent_params, False)
    cp_hashes = {s.alg: H(s.alg, cc.to_bytes(4, "big") + b"".join(names) + sent_params) for s in sessions if s}
    # BuildResponseSession: new nonces, encryption, audit, HMACs
    for i in range(n):
        if sessions[i] is not None:
            sessions[i].nonce_tpm = new_nonces[i]
    auth_after = [trim(new_auths[i]) if new_auths[i] is not None else (trim(entities[i][1]) if entities[i] else b"")
                  for i in range(n)]
    resp = clear_resp
    if enc is not None:
        s = sessions[enc]
        extra = auth_after[enc] if entities[enc] is not None else b""
        resp = tpm_crypt_param(s, extra, s.nonce_tpm, auths[enc][1], clear_resp, True)
    rp = {a: H(a, (0).to_bytes(4, "big") + cc.to_bytes(4, "big") + resp) for a in cp_hashes}
    for i in range(n):
        s, attrs = sessions[i], auths[i][2]
        if s is not None and attrs & A_AUDIT:
            if s.audit_digest is None or attrs & A_AUDIT_RESET:
                s.audit_digest = b"\0" * hsize(s.alg)
                s.bind_value = None
            s.audit_digest = H(s.alg, s.audit_digest + cp_hashes[s.alg] + rp[s.alg])
    out_auths = []
    for i in range(n):
        s, attrs = sessions[i], auths[i][2]
        if s is None:
            out_auths.append((b"", attrs | A_CONTINUE, b""))
            continue
        if s.se == SE_POLICY and s.is_password_needed and entities[i] is not None:
            mac = b""
        else:
            key = s.session_key + (auth_after[i] if include_auth[i] else b"")
            mac = HMAC(s.alg, key, rp[s.alg] + s.nonce_tpm + auths[i][1] + bytes([attrs]))
        if s.se == SE_POLICY and attrs & A_CONTINUE:
            s.is_auth_value_needed = s.is_password_needed = False
        out_auths.append((s.nonce_tpm, attrs, mac))
    return clear, out_auths, resp


# ---------------------------------------------------------------- flows
def tpm2b(b):
    return len(b).to_bytes(2, "big") + b


def make_session(handle, se, alg, sym, bind=None, salt=b"", bind_auth_uncertain=False):
    """Starts a session on both sides; returns (client state dict, TpmSession)."""
    nc, nt = rb(hsize(alg)), rb(hsize(alg))
    if bind is not None or salt:
        key = kdfa(alg, (trim(bind[1]) if bind else b"") + salt, "ATH", nt, nc, hsize(alg) * 8)
    else:
        key = b""
    bind_value = bound_entity(bind[0], bind[1]) if (bind is not None and se == SE_HMAC) else None
    t = TpmSession(handle, se, alg, sym, key, nt, bind_value)
    start = {"handle": handle, "sessionType": se, "authHash": alg,
             "symmetric": {"algorithm": sym[0], "keyBits": sym[1], "mode": sym[2]},
             "nonceCaller": hx(nc), "nonceTPM": hx(nt), "salt": hx(salt) if salt else None,
             "bindAuth": hx(bind[1]) if bind else None, "bindName": hx(bind[0]) if bind else None,
             "sessionKey": hx(key)}
    if bind_auth_uncertain:
        # The TSS saw ObjectChangeAuth on an object of the bind entity's Name: it
        # counts the session bound only when the given authValue is the bind one.
        start["bindAuthUncertain"] = True
    return start, t


AES128, AES192, AES256 = (ALG_AES, 128, ALG_CFB), (ALG_AES, 192, ALG_CFB), (ALG_AES, 256, ALG_CFB)
XOR = (ALG_XOR, SHA256, ALG_NULL)
NOSYM = (ALG_NULL, 0, ALG_NULL)
OWNER = (0x40000001).to_bytes(4, "big")


def obj_name(alg=SHA256):
    return alg.to_bytes(2, "big") + rb(hsize(alg))


def flow(name, cc, names, clear_params, clear_resp, decryptable, encryptable, specs, rounds=1, policy=None):
    """specs: list of dicts: {session: (start, tpm) or None, attrs, entity: (name, auth) or None, newAuth}."""
    out = {"name": name, "commandCode": cc, "names": [hx(x) for x in names], "decryptable": decryptable,
           "encryptable": encryptable, "sessions": [], "rounds": []}
    for sp in specs:
        st = sp["session"][0] if sp["session"] else None
        out["sessions"].append({"start": st, "policy": sp.get("policy")})
        if sp["session"] and sp.get("policy"):
            t = sp["session"][1]
            t.is_auth_value_needed = sp["policy"] == "authValue"
            t.is_password_needed = sp["policy"] == "password"
    for r in range(rounds):
        auths, uses, new_nonces, randoms = [], [], [], []
        for sp in specs:
            t = sp["session"][1] if sp["session"] else None
            attrs = sp["attrs"] if r == rounds - 1 else (sp["attrs"] | A_CONTINUE)
            uses.append({"attributes": attrs, "authValue": hx(sp["entity"][1]) if sp["entity"] else "",
                         "entityName": hx(sp["entity"][0]) if sp["entity"] else None})
            new_nonces.append(rb(hsize(t.alg)) if t else None)
            if t:
                randoms.append(rb(hsize(t.alg)))
        # client's expected command: encrypt with the TPM's own routine (CFB/XOR are symmetric), then HMACs
        sent = clear_params
        idx = [i for i, sp in enumerate(specs) if sp["session"]]
        nonce_callers = {}
        k = 0
        for i in idx:
            nonce_callers[i] = randoms[k]
            k += 1
        dec = next((i for i, u in enumerate(uses) if u["attributes"] & A_DECRYPT), None)
        if dec is not None:
            t = specs[dec]["session"][1]
            extra = trim(specs[dec]["entity"][1]) if specs[dec]["entity"] else b""
            sent = tpm_crypt_param(t, extra, nonce_callers[dec], t.nonce_tpm, clear_params, True)
        expected_auths = []
        for i, sp in enumerate(specs):
            t = sp["session"][1] if sp["session"] else None
            a = uses[i]["attributes"]
            if t is None:
                expected_auths.append({"sessionHandle": RS_PW, "nonce": "", "sessionAttributes": a,
                                       "hmac": uses[i]["authValue"]})
                continue
            ent = sp["entity"]
            if ent is not None and t.se == SE_POLICY and t.is_password_needed:
                mac = ent[1]
            else:
                if ent is None:
                    inc = False
                elif t.se == SE_POLICY:
                    inc = t.is_auth_value_needed
                else:
                    inc = not (t.bind_value is not None and t.bind_value == bound_entity(ent[0], ent[1]))
                nd = ne = b""
                if i == 0 and ent is not None:
                    enc = next((j for j, u in enumerate(uses) if u["attributes"] & A_ENCRYPT), None)
                    if dec not in (None, 0):
                        nd = specs[dec]["session"][1].nonce_tpm
                    if enc not in (None, 0) and enc != dec:
                        ne = specs[enc]["session"][1].nonce_tpm
                cp = H(t.alg, cc.to_bytes(4, "big") + b"".join(names) + sent)
                key = t.session_key + (trim(ent[1]) if inc else b"")
                mac = HMAC(t.alg, key, cp + nonce_callers[i] + t.nonce_tpm + nd + ne + bytes([a]))
            expected_auths.append({"sessionHandle": t.handle, "nonce": hx(nonce_callers[i]), "sessionAttributes": a,
                                   "hmac": hx(mac)})
        cmd_auths = [(e["sessionHandle"], bytes.fromhex(e["nonce"]), e["sessionAttributes"], bytes.fromhex(e["hmac"]))
                     for e in expected_auths]
        sessions = [sp["session"][1] if sp["session"] else None for sp in specs]
        entities = [sp["entity"] for sp in specs]
        new_auths = [sp.get("newAuth") if r == rounds - 1 else None for sp in specs]
        clear, resp_auths, resp_params = tpm_execute(sessions, entities, cc, names, sent, cmd_auths, clear_resp,
                                                     new_nonces, new_auths)
        assert clear == clear_params
        states = []
        for i, t in enumerate(sessions):
            if t is None or not (resp_auths[i][1] & A_CONTINUE):
                states.append(None)
                continue
            states.append({"nonceCaller": hx(nonce_callers[i]), "nonceTPM": hx(t.nonce_tpm),
                           "auditDigest": hx(t.audit_digest) if t.audit_digest is not None else None,
                           "bound": t.bind_value is not None,
                           "policyAuthValue": t.is_auth_value_needed, "policyPassword": t.is_password_needed})
        out["rounds"].append({
            "random": [hx(x) for x in randoms], "uses": uses, "parameters": hx(clear_params),
            "expectedParameters": hx(sent), "expectedAuthorizations": expected_auths,
            "response": {"responseCode": 0, "parameters": hx(resp_params),
                         "authorizations": [{"nonce": hx(a[0]), "sessionAttributes": a[1], "hmac": hx(a[2])}
                                            for a in resp_auths],
                         "responseAuthValues": [hx(x) if x is not None else None for x in new_auths]},
            "expectedResponseParameters": hx(clear_resp), "expectedStates": states})
    return out


def flows():
    fl = []
    h1, h2, h3 = 0x02000000, 0x02000001, 0x03000002
    key_name = obj_name()
    auth = b"object-auth"
    params = tpm2b(rb(40)) + rb(6)
    resp = tpm2b(rb(64)) + rb(9)
    # HMAC session, unbound unsalted, no encryption
    fl.append(flow("hmac session, unbound, unsalted", 0x153, [key_name], params, resp, True, True,
                   [{"session": make_session(h1, SE_HMAC, SHA256, NOSYM), "attrs": A_CONTINUE,
                     "entity": (key_name, auth)}], rounds=2))
    # bound to the entity it authorizes (authValue left out of the HMAC key), then to another entity
    fl.append(flow("hmac session bound to the authorized entity", 0x153, [key_name], params, resp, True, True,
                   [{"session": make_session(h1, SE_HMAC, SHA256, AES128, bind=(key_name, auth)),
                     "attrs": A_CONTINUE | A_DECRYPT | A_ENCRYPT, "entity": (key_name, auth)}], rounds=2))
    other = obj_name()
    fl.append(flow("hmac session bound to another entity", 0x153, [other], params, resp, True, True,
                   [{"session": make_session(h1, SE_HMAC, SHA384, AES256, bind=(key_name, auth)),
                     "attrs": A_CONTINUE | A_ENCRYPT, "entity": (other, b"other\0\0")}]))
    fl.append(flow("hmac session bound, same Name, authValue changed by ObjectChangeAuth", 0x153, [key_name], params,
                   resp, True, True, [{"session": make_session(h1, SE_HMAC, SHA256, NOSYM, bind=(key_name, auth),
                                                               bind_auth_uncertain=True),
                                 "attrs": A_CONTINUE, "entity": (key_name, b"changed")}]))
    # salted
    fl.append(flow("salted session, AES-128 both directions", 0x153, [key_name], params, resp, True, True,
                   [{"session": make_session(h1, SE_HMAC, SHA256, AES128, salt=rb(32)),
                     "attrs": A_CONTINUE | A_DECRYPT | A_ENCRYPT, "entity": (key_name, auth)}], rounds=3))
    fl.append(flow("salted and bound, SHA-1, XOR both directions", 0x153, [OWNER], params, resp, True, True,
                   [{"session": make_session(h1, SE_HMAC, SHA1, (ALG_XOR, SHA1, ALG_NULL), salt=rb(20),
                                             bind=(OWNER, b"owner")),
                     "attrs": A_CONTINUE | A_DECRYPT | A_ENCRYPT, "entity": (OWNER, b"owner")}], rounds=2))
    for alg, sym, label in ((SHA512, AES192, "SHA-512, AES-192"), (SHA384, AES256, "SHA-384, AES-256"),
                            (SHA256, XOR, "SHA-256, XOR")):
        fl.append(flow(f"salted, {label}, decrypt only", 0x153, [key_name], params, resp, True, True,
                       [{"session": make_session(h1, SE_HMAC, alg, sym, salt=rb(hsize(alg))),
                         "attrs": A_CONTINUE | A_DECRYPT, "entity": (key_name, auth)}]))
    # policy sessions
    fl.append(flow("policy session after PolicyAuthValue, AES-128", 0x153, [key_name], params, resp, True, True,
                   [{"session": make_session(h3, SE_POLICY, SHA256, AES128, salt=rb(32)), "policy": "authValue",
                     "attrs": A_CONTINUE | A_ENCRYPT | A_DECRYPT, "entity": (key_name, auth)}]))
    fl.append(flow("policy session after PolicyPassword, XOR", 0x153, [key_name], params, resp, True, True,
                   [{"session": make_session(h3, SE_POLICY, SHA256, XOR, salt=rb(32)), "policy": "password",
                     "attrs": A_CONTINUE | A_ENCRYPT | A_DECRYPT, "entity": (key_name, auth)}]))
    fl.append(flow("policy session without auth in the key, bound (sessionKey from bindAuth)", 0x153, [key_name],
                   params, resp, True, True,
                   [{"session": make_session(h3, SE_POLICY, SHA256, AES128, bind=(key_name, auth)),
                     "attrs": A_CONTINUE | A_DECRYPT, "entity": (key_name, auth)}]))
    # three sessions: password + decrypt-only + encrypt-only; HMAC auth + decrypt + encrypt; etc.
    two = [key_name, OWNER]
    fl.append(flow("three sessions: auth HMAC, decrypt session, encrypt session", 0x157, two, params, resp, True,
                   True,
                   [{"session": make_session(h1, SE_HMAC, SHA256, NOSYM), "attrs": A_CONTINUE,
                     "entity": (key_name, auth)},
                    {"session": make_session(h2, SE_HMAC, SHA384, AES128, salt=rb(48)), "attrs": A_CONTINUE | A_DECRYPT,
                     "entity": None},
                    {"session": make_session(0x02000003, SE_HMAC, SHA1, XOR, salt=rb(20)),
                     "attrs": A_CONTINUE | A_ENCRYPT, "entity": None}], rounds=2))
    fl.append(flow("three sessions: one non-first session decrypts and encrypts", 0x157, two, params, resp, True,
                   True,
                   [{"session": make_session(h1, SE_HMAC, SHA256, NOSYM, bind=(OWNER, b"")), "attrs": A_CONTINUE,
                     "entity": (key_name, auth)},
                    {"session": None, "attrs": A_CONTINUE, "entity": (OWNER, b"ownerpw")},
                    {"session": make_session(h2, SE_HMAC, SHA256, AES256, salt=rb(32)),
                     "attrs": A_CONTINUE | A_DECRYPT | A_ENCRYPT, "entity": None}]))
    fl.append(flow("two authorizations, second authorizing session also encrypts", 0x157, two, params, resp, True,
                   True,
                   [{"session": make_session(h1, SE_HMAC, SHA256, AES128), "attrs": A_CONTINUE | A_DECRYPT,
                     "entity": (key_name, auth)},
                    {"session": make_session(h2, SE_HMAC, SHA512, AES128, salt=rb(64)),
                     "attrs": A_CONTINUE | A_ENCRYPT, "entity": (OWNER, b"owner")}]))
    # audit
    fl.append(flow("audit session, three commands, reset on the second", 0x17D, [], tpm2b(rb(30)) + rb(6), resp,
                   True, True,
                   [{"session": make_session(h1, SE_HMAC, SHA256, AES128, bind=(OWNER, b"o")),
                     "attrs": A_CONTINUE | A_AUDIT | A_ENCRYPT, "entity": None}], rounds=3))
    # the command changes the entity's authValue (HierarchyChangeAuth-like), with encryption of the response
    fl.append(flow("response computed with the changed authValue", 0x129, [OWNER], tpm2b(b"new-owner-auth"),
                   tpm2b(rb(10)), True, True,
                   [{"session": make_session(h1, SE_HMAC, SHA256, AES128, salt=rb(32)),
                     "attrs": A_CONTINUE | A_DECRYPT | A_ENCRYPT, "entity": (OWNER, b"old-auth"),
                     "newAuth": b"new-owner-auth"}]))
    # session ended by the command (continueSession clear)
    fl.append(flow("continueSession clear ends the session", 0x153, [key_name], params, resp, True, True,
                   [{"session": make_session(h1, SE_HMAC, SHA256, NOSYM), "attrs": 0, "entity": (key_name, auth)}]))
    # authValue with trailing zeros, empty parameters
    fl.append(flow("authValue with trailing zeros, empty first parameter", 0x153, [key_name], tpm2b(b""),
                   tpm2b(b""), True, True,
                   [{"session": make_session(h1, SE_HMAC, SHA256, AES128, salt=rb(32)),
                     "attrs": A_CONTINUE | A_DECRYPT | A_ENCRYPT, "entity": (key_name, b"pw\0\0\0")}]))
    return fl


def main():
    vectors = {"primitives": primitive_vectors(), "kdf": kdf_vectors(), "pieces": piece_vectors(),
               "keys": key_vectors(), "flows": flows()}
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(here, "..", "src", "testkit", "vectors.ts")
    with open(target, "w") as f:
        f.write("/* Generated by scripts/generate-vectors.py (Python hashlib/hmac and `cryptography`); do not edit. */\n")
        f.write('import type { Vectors } from "./vector-types.js";\n\n')
        f.write("/** Known answers computed independently of the TypeScript code. */\n")
        f.write("// biome-ignore format: generated data\n")
        f.write("export const VECTORS: Vectors = ")
        f.write(json.dumps(vectors, indent=None, separators=(",", ":")))
        f.write(";\n")
    print("wrote", os.path.normpath(target), sum(len(v) for v in vectors["primitives"].values()), "primitive,",
          len(vectors["flows"]), "flow vectors")


if __name__ == "__main__":
    main()
