#!/usr/bin/python3
"""tpm2-pytss (ESAPI over libtss2) figures for the same operations as the tss
benchmarks: GetRandom with no session, with an HMAC session, and a salted
AES-128-CFB NV_Read of 64 bytes. Usage: pytss_bench.py PORT SECONDS
(swtpm's control port must be PORT+1, as the swtpm TCTI expects)."""
import sys, time
from tpm2_pytss import ESAPI, TCTILdr
from tpm2_pytss.constants import ESYS_TR, TPM2_SE, TPM2_ALG, TPMA_SESSION, TPMA_NV, TPM2_RH
from tpm2_pytss.types import TPMT_SYM_DEF, TPM2B_NV_PUBLIC, TPMS_NV_PUBLIC, TPM2B_AUTH, TPM2B_PUBLIC

port = int(sys.argv[1])
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
ectx = ESAPI(f"swtpm:host=127.0.0.1,port={port}")

def rate(fn):
    for _ in range(50):
        fn()
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(20):
            fn()
        n += 20
    return n / (time.perf_counter() - start)

r_none = rate(lambda: ectx.get_random(16))

sym = TPMT_SYM_DEF(algorithm=TPM2_ALG.AES)
sym.keyBits.aes = 128
sym.mode.aes = TPM2_ALG.CFB
hmac = ectx.start_auth_session(ESYS_TR.NONE, ESYS_TR.NONE, TPM2_SE.HMAC, sym, TPM2_ALG.SHA256)
ectx.trsess_set_attributes(hmac, TPMA_SESSION.CONTINUESESSION | TPMA_SESSION.ENCRYPT)
r_hmac = rate(lambda: ectx.get_random(16, session1=hmac))

primary, _, _, _, _ = ectx.create_primary(None, "rsa2048:aes128cfb")
salted = ectx.start_auth_session(primary, ESYS_TR.NONE, TPM2_SE.HMAC, sym, TPM2_ALG.SHA256)
ectx.trsess_set_attributes(salted, TPMA_SESSION.CONTINUESESSION | TPMA_SESSION.ENCRYPT)
nvpub = TPM2B_NV_PUBLIC(nvPublic=TPMS_NV_PUBLIC(nvIndex=0x01800001, nameAlg=TPM2_ALG.SHA256,
        attributes=TPMA_NV.AUTHWRITE | TPMA_NV.AUTHREAD | TPMA_NV.NO_DA, dataSize=64))
nv = ectx.nv_define_space(TPM2B_AUTH(b"nvpw"), nvpub)
ectx.tr_set_auth(nv, b"nvpw")
ectx.nv_write(nv, b"x" * 64, 0)
r_nv = rate(lambda: ectx.nv_read(nv, 64, 0, session1=salted))
print(f"pytss getrandom_none {r_none:.1f}")
print(f"pytss getrandom_hmac {r_hmac:.1f}")
print(f"pytss nvread_salted_aes {r_nv:.1f}")
ectx.close()
