#!/usr/bin/python3
"""tpm2-pytss (ESAPI over libtss2) per-command times for the rows of table.mjs, on
the same kind of swtpm. Usage: pytss_table.py PORT ROUNDS ITERATIONS SLOW_ITERATIONS
(swtpm's control port must be PORT+1, as the swtpm TCTI expects). Prints one line
per row: "row <name> <median microseconds>"."""
import statistics, sys, time
from tpm2_pytss import ESAPI
from tpm2_pytss.constants import ESYS_TR, TPM2_SE, TPM2_ALG, TPMA_SESSION, TPMA_NV, TPMA_OBJECT, TPM2_ST, TPM2_RH
from tpm2_pytss.types import (TPMT_SYM_DEF, TPM2B_NV_PUBLIC, TPMS_NV_PUBLIC, TPM2B_AUTH, TPM2B_PUBLIC,
                              TPMT_SIG_SCHEME, TPMT_TK_HASHCHECK, TPM2B_DIGEST)

port, rounds, iters, slow = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ectx = ESAPI(f"swtpm:host=127.0.0.1,port={port}")

sym = TPMT_SYM_DEF(algorithm=TPM2_ALG.AES)
sym.keyBits.aes = 128
sym.mode.aes = TPM2_ALG.CFB
attrs = TPMA_SESSION.CONTINUESESSION | TPMA_SESSION.ENCRYPT
hmac = ectx.start_auth_session(ESYS_TR.NONE, ESYS_TR.NONE, TPM2_SE.HMAC, sym, TPM2_ALG.SHA256)
ectx.trsess_set_attributes(hmac, attrs | TPMA_SESSION.AUDIT)
salt_key, _, _, _, _ = ectx.create_primary(None, "ecc256:aes128cfb")
salted = ectx.start_auth_session(salt_key, ESYS_TR.NONE, TPM2_SE.HMAC, sym, TPM2_ALG.SHA256)
ectx.trsess_set_attributes(salted, attrs)
nvpub = TPM2B_NV_PUBLIC(nvPublic=TPMS_NV_PUBLIC(nvIndex=0x01800001, nameAlg=TPM2_ALG.SHA256,
        attributes=TPMA_NV.AUTHWRITE | TPMA_NV.AUTHREAD | TPMA_NV.NO_DA, dataSize=64))
nv = ectx.nv_define_space(TPM2B_AUTH(b"nvpw"), nvpub)
ectx.tr_set_auth(nv, b"nvpw")
ectx.nv_write(nv, b"x" * 64, 0)
sign_attrs = (TPMA_OBJECT.SIGN_ENCRYPT | TPMA_OBJECT.FIXEDTPM | TPMA_OBJECT.FIXEDPARENT
              | TPMA_OBJECT.SENSITIVEDATAORIGIN | TPMA_OBJECT.USERWITHAUTH | TPMA_OBJECT.NODA)
signer, _, _, _, _ = ectx.create_primary(None, TPM2B_PUBLIC.parse("ecc256:ecdsa-sha256", objectAttributes=sign_attrs))
scheme = TPMT_SIG_SCHEME(scheme=TPM2_ALG.ECDSA)
scheme.details.ecdsa.hashAlg = TPM2_ALG.SHA256
ticket = TPMT_TK_HASHCHECK(tag=TPM2_ST.HASHCHECK, hierarchy=TPM2_RH.NULL)
digest = TPM2B_DIGEST(b"\x01" * 32)

def salted_start():
    s = ectx.start_auth_session(salt_key, ESYS_TR.NONE, TPM2_SE.HMAC, sym, TPM2_ALG.SHA256)
    ectx.flush_context(s)

def create_primary():
    h, _, _, _, _ = ectx.create_primary(None, "ecc256:aes128cfb")
    ectx.flush_context(h)

rows = [
    ("getrandom_none", iters, lambda: ectx.get_random(16)),
    ("getrandom_hmac", iters, lambda: ectx.get_random(16, session1=hmac)),
    ("nvread_pw", iters, lambda: ectx.nv_read(nv, 64, 0)),
    ("nvread_salted", iters, lambda: ectx.nv_read(nv, 64, 0, session1=salted)),
    ("salted_start_flush", slow, salted_start),
    ("sign_ecc", slow, lambda: ectx.sign(signer, digest, scheme, ticket)),
    ("createprimary_flush", slow, create_primary),
]
times = {name: [] for name, _, _ in rows}
for name, n, fn in rows:
    for _ in range(min(50, n)):
        fn()
for _ in range(rounds):
    for name, n, fn in rows:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        times[name].append((time.perf_counter() - start) * 1e6 / n)
for name, _, _ in rows:
    print(f"row {name} {statistics.median(times[name]):.1f}")
ectx.close()
