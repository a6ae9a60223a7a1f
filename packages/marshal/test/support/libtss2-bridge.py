#!/usr/bin/python3
"""
A JSON-lines bridge to libtss2-mu (through the cffi bindings of python3-tpm2-pytss),
for the differential tests and the benchmark of @tss/marshal. Run it with
/usr/bin/python3 (the Debian interpreter that has tpm2-pytss).

One request per line on stdin, one answer per line on stdout, in order:

  {"op": "info"}
      -> {"version": ..., "functions": [type names with a Tss2_MU_<type>_Marshal]}
  {"op": "resolve", "names": [...]}
      -> {"resolved": {name: {"fn": <MU type name or null>, "via": "direct" |
          "typedef" | "scalar" | null, "declared": bool}}}
      "direct": libtss2-mu has Tss2_MU_<name>_Marshal; "typedef": the C type is a
      typedef of a structure that has one (TPMS_SCHEME_HMAC -> TPMS_SCHEME_HASH);
      "scalar": an integer typedef, marshalled as its base integer; "declared":
      the tss2 headers know the type name at all.
  {"op": "roundtrip", "fn": T, "cases": [hex, ...]}
      -> {"results": [[rc, consumed, hex of the re-marshalled value or null], ...]}
      Tss2_MU_T_Unmarshal of each case, then Tss2_MU_T_Marshal of what it read.
  {"op": "compare", "fn": T, "cases": [[hex, value], ...]}
      -> {"results": [[difference, ...], ...]} libtss2-mu's unmarshalled value of
      each case compared field by field with ours (JSON: {"$hex"} octets, {"$big"}
      64-bit integers, lists for TPMLs, {member: value} for unions); a field name
      libtss2 lacks is reported as "NAME ...".
  {"op": "probe", "unions": {TPMU name: [selector, ...]}}
      -> {"supported": {TPMU name: [selectors libtss2-mu has a member for]}}
  {"op": "templates"}
      -> {"templates": [[type, label, hex], ...]} values built with tpm2-pytss's
      own constructors (TPMT_PUBLIC.parse, ...), marshalled by libtss2-mu.
  {"op": "bench", "fn": T, "hex": h, "seconds": s}
      -> {"marshal": ops/s, "unmarshal": ops/s}, measured in this process.
  {"op": "bench_create", "seconds": s, "command": hex, "response": hex}
      -> {"marshal": ops/s, "unmarshal": ops/s} for a whole TPM2_Create command.
"""

import json
import struct
import sys
import time

from tpm2_pytss._libtpm2_pytss import ffi, lib

PREFIX = "Tss2_MU_"
SUFFIX = "_Marshal"
FUNCTIONS = sorted(n[len(PREFIX) : -len(SUFFIX)] for n in dir(lib) if n.startswith(PREFIX) and n.endswith(SUFFIX))
FUNCTION_SET = set(FUNCTIONS)
BUFFER_SIZE = 1 << 17
OUT = ffi.new("uint8_t[]", BUFFER_SIZE)

# Integer typedefs are marshalled by the base integer function of their width.
SCALAR = {
    ("uint8_t", 1): "UINT8",
    ("uint16_t", 2): "UINT16",
    ("uint32_t", 4): "UINT32",
    ("uint64_t", 8): "UINT64",
    ("int8_t", 1): "INT8",
    ("int16_t", 2): "INT16",
    ("int32_t", 4): "INT32",
    ("int64_t", 8): "INT64",
}


def ctype(name):
    try:
        return ffi.typeof(name)
    except ffi.error:
        return None


STRUCT_OWNER = {}
for fn in FUNCTIONS:
    t = ctype(fn)
    if t is not None and t.kind == "struct":
        STRUCT_OWNER.setdefault(t, fn)


def resolve(name):
    """Maps one of our type names to the libtss2-mu function that marshals it."""
    candidates = [name]
    if name.startswith("TPM_"):
        # tpm2-tss spells the constant types TPM2_ (TPM2_ALG_ID, TPM2_CC, ...).
        candidates.append("TPM2_" + name[4:])
    if name.startswith("TPMS_KDF_SCHEME_"):
        # Part 2 renamed TPMS_SCHEME_MGF1 and its siblings TPMS_KDF_SCHEME_*; tpm2-tss keeps the old names.
        candidates.append("TPMS_SCHEME_" + name[len("TPMS_KDF_SCHEME_") :])
    declared = False
    for c in candidates:
        if c in FUNCTION_SET and not c.startswith("TPMU_"):
            return {"fn": c, "via": "direct", "declared": True}
    for c in candidates:
        t = ctype(c)
        if t is None:
            continue
        declared = True
        if t.kind == "struct" and t in STRUCT_OWNER:
            return {"fn": STRUCT_OWNER[t], "via": "typedef", "declared": True}
        if t.kind == "primitive":
            base = SCALAR.get((t.cname, ffi.sizeof(t)))
            if base is not None:
                return {"fn": base, "via": "scalar", "declared": True}
    return {"fn": None, "via": None, "declared": declared}


class Codec:
    """Tss2_MU_T_Unmarshal / Tss2_MU_T_Marshal of one type, by value or by pointer."""

    def __init__(self, fn):
        self.unmarshal = getattr(lib, PREFIX + fn + "_Unmarshal")
        self.marshal = getattr(lib, PREFIX + fn + SUFFIX)
        self.dest_type = ffi.typeof(self.unmarshal).args[3]
        self.by_value = ffi.typeof(self.marshal).args[0].kind == "primitive"

    def new_dest(self):
        return ffi.new(self.dest_type)

    def roundtrip(self, data):
        off = ffi.new("size_t *", 0)
        dest = ffi.new(self.dest_type)
        rc = self.unmarshal(data, len(data), off, dest)
        if rc != 0:
            return [rc, 0, None]
        consumed = off[0]
        out = ffi.new("size_t *", 0)
        rc = self.marshal(dest[0] if self.by_value else dest, OUT, BUFFER_SIZE, out)
        if rc != 0:
            return [rc, consumed, None]
        return [0, consumed, bytes(ffi.buffer(OUT, out[0])).hex()]


def as_bytes(c):
    """The octets of a TPM2B (size + one byte array, whatever its name) or of a byte array."""
    t = ffi.typeof(c)
    if t.kind == "array":
        return bytes(ffi.buffer(c))
    if t.kind == "struct":
        names = [n for n, _ in t.fields]
        if "size" in names:
            other = [n for n in names if n != "size"]
            if len(other) == 1:
                return bytes(ffi.buffer(getattr(c, other[0])))[: c.size]
    return None


def walk(c, v, path, out):
    """
    Compares what libtss2-mu unmarshalled (cdata `c`) with our value `v` (JSON:
    objects by field name, {"$hex"} for octets, {"$big"} for 64-bit values, lists
    for TPMLs, {member: value} for unions). Appends differences to `out`.
    """
    if isinstance(v, dict) and "$hex" in v:
        act = as_bytes(c) if isinstance(c, ffi.CData) else None
        exp = bytes.fromhex(v["$hex"])
        if act != exp:
            out.append(f"{path}: libtss2-mu {act.hex() if act is not None else repr(c)} != ours {exp.hex()}")
    elif isinstance(v, dict) and "$big" in v:
        if c != int(v["$big"]):
            out.append(f"{path}: libtss2-mu {c} != ours {v['$big']}")
    elif isinstance(v, bool) or isinstance(v, int):
        if c != int(v):
            out.append(f"{path}: libtss2-mu {c!r} != ours {int(v)}")
    elif isinstance(v, list):
        t = ffi.typeof(c)
        names = [n for n, _ in t.fields if n != "count"]
        if len(names) != 1 or c.count != len(v):
            out.append(f"{path}: libtss2-mu count {getattr(c, 'count', '?')} != ours {len(v)}")
            return
        arr = getattr(c, names[0])
        for i, e in enumerate(v):
            walk(arr[i], e, f"{path}[{i}]", out)
    elif isinstance(v, dict):
        for k, x in v.items():
            if k == "pcrSelect" and isinstance(x, dict) and "$hex" in x and k in dict(ffi.typeof(c).fields) and "sizeofSelect" in dict(ffi.typeof(c).fields):
                act = bytes(ffi.buffer(c.pcrSelect))[: c.sizeofSelect]
                if act != bytes.fromhex(x["$hex"]):
                    out.append(f"{path}.pcrSelect: libtss2-mu {act.hex()} != ours {x['$hex']}")
                continue
            try:
                sub = getattr(c, k)
            except AttributeError:
                out.append(f"{path}.{k}: NAME libtss2-mu has no field {k}")
                continue
            walk(sub, x, f"{path}.{k}", out)
    else:
        out.append(f"{path}: cannot compare {v!r}")


def compare(fn, cases):
    """Unmarshals each [hex, our value] with libtss2-mu and compares field by field."""
    c = codec(fn)
    results = []
    for h, value in cases:
        data = bytes.fromhex(h)
        dest = c.new_dest()
        rc = c.unmarshal(data, len(data), ffi.new("size_t *", 0), dest)
        if rc != 0:
            results.append([f"unmarshal rc 0x{rc:x}"])
            continue
        out = []
        walk(dest[0], value, fn, out)
        results.append(out)
    return results


CODECS = {}


def codec(fn):
    c = CODECS.get(fn)
    if c is None:
        c = CODECS[fn] = Codec(fn)
    return c


ZEROS = bytes(4096)


def probe(unions):
    """The selectors each TPMU_ unmarshal function has a member for (BAD_VALUE marks none)."""
    out = {}
    for name, selectors in unions.items():
        fn = getattr(lib, PREFIX + name + "_Unmarshal", None)
        if fn is None:
            out[name] = None
            continue
        dest_type = ffi.typeof(fn).args[4]
        ok = []
        for sel in selectors:
            off = ffi.new("size_t *", 0)
            rc = fn(ZEROS, len(ZEROS), off, sel, ffi.new(dest_type))
            if rc == 0:
                ok.append(sel)
        out[name] = ok
    return out


def templates():
    """Values constructed by tpm2-pytss itself, marshalled by libtss2-mu."""
    from tpm2_pytss import types as t
    from tpm2_pytss.constants import TPM2_ALG, TPM2_CAP, TPM2_ST

    out = []
    sign = "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign"
    decrypt = "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|decrypt"
    storage = "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|decrypt"
    for spec, attrs in [
        ("rsa2048", None),
        ("rsa2048:rsassa-sha256:null", sign),
        ("rsa3072:rsapss-sha384:null", sign),
        ("rsa2048:oaep-sha256:null", decrypt),
        ("rsa1024:rsaes:null", decrypt),
        ("rsa2048:null:aes128cfb", storage),
        ("ecc256", None),
        ("ecc256:ecdsa-sha256:null", sign),
        ("ecc384:ecdaa4-sha384:null", sign),
        ("ecc521:ecdh-sha512:null", decrypt),
        ("ecc256:ecschnorr-sha256:null", sign),
        ("ecc256:null:aes128cfb", storage),
        ("aes128cfb", None),
        ("aes256ctr", None),
        ("camellia128cbc", None),
        ("hmac:sha384", None),
        ("keyedhash", None),
        ("xor:sha256", None),
    ]:
        try:
            pub = t.TPMT_PUBLIC.parse(spec, objectAttributes=attrs) if attrs else t.TPMT_PUBLIC.parse(spec)
        except Exception:  # a specifier this tpm2-pytss does not understand
            continue
        out.append(["TPMT_PUBLIC", spec, pub.marshal().hex()])
        out.append(["TPM2B_PUBLIC", spec, t.TPM2B_PUBLIC(pub).marshal().hex()])
    sel = t.TPML_PCR_SELECTION.parse("sha1:0,1,2+sha256:16,23")
    out.append(["TPML_PCR_SELECTION", "sha1:0,1,2+sha256:16,23", sel.marshal().hex()])
    ha = t.TPMT_HA(hashAlg=TPM2_ALG.SHA256, digest=t.TPMU_HA(sha256=bytes(range(32))))
    out.append(["TPMT_HA", "sha256", ha.marshal().hex()])
    sig = t.TPMT_SIGNATURE(
        sigAlg=TPM2_ALG.ECDSA,
        signature=t.TPMU_SIGNATURE(
            ecdsa=t.TPMS_SIGNATURE_ECC(hash=TPM2_ALG.SHA256, signatureR=b"\x01" * 32, signatureS=b"\x02" * 32)
        ),
    )
    out.append(["TPMT_SIGNATURE", "ecdsa-sha256", sig.marshal().hex()])
    attest = t.TPMS_ATTEST(
        magic=0xFF544347,
        type=TPM2_ST.ATTEST_QUOTE,
        qualifiedSigner=b"\x00\x0b" + bytes(32),
        extraData=b"nonce",
        clockInfo=t.TPMS_CLOCK_INFO(clock=123456789, resetCount=3, restartCount=2, safe=1),
        firmwareVersion=0x0102030405060708,
        attested=t.TPMU_ATTEST(quote=t.TPMS_QUOTE_INFO(pcrSelect=sel, pcrDigest=bytes(range(32)))),
    )
    out.append(["TPMS_ATTEST", "quote", attest.marshal().hex()])
    cap = t.TPMS_CAPABILITY_DATA(
        capability=TPM2_CAP.ALGS,
        data=t.TPMU_CAPABILITIES(
            algorithms=t.TPML_ALG_PROPERTY(
                [t.TPMS_ALG_PROPERTY(alg=TPM2_ALG.SHA256, algProperties=4), t.TPMS_ALG_PROPERTY(alg=TPM2_ALG.RSA, algProperties=9)]
            )
        ),
    )
    out.append(["TPMS_CAPABILITY_DATA", "algs", cap.marshal().hex()])
    nv = t.TPM2B_NV_PUBLIC(
        nvPublic=t.TPMS_NV_PUBLIC(nvIndex=0x01500016, nameAlg=TPM2_ALG.SHA256, attributes=0x00060006, dataSize=32)
    )
    out.append(["TPM2B_NV_PUBLIC", "ordinary", nv.marshal().hex()])
    sens = t.TPM2B_SENSITIVE_CREATE(t.TPMS_SENSITIVE_CREATE(userAuth=b"password", data=b"sealed"))
    out.append(["TPM2B_SENSITIVE_CREATE", "seal", sens.marshal().hex()])
    return out


def rate(fn, seconds):
    """Calls fn repeatedly for about `seconds`; returns calls per second."""
    n = 0
    batch = 256
    start = time.perf_counter()
    end = start + seconds
    while True:
        for _ in range(batch):
            fn()
        n += batch
        now = time.perf_counter()
        if now >= end:
            return n / (now - start)


def bench(fn, data, seconds):
    c = codec(fn)
    dest = ffi.new(c.dest_type)
    off = ffi.new("size_t *", 0)
    rc = c.unmarshal(data, len(data), off, dest)
    if rc != 0:
        raise ValueError(f"{fn}: libtss2-mu rejects the benchmark value (0x{rc:x})")
    src = dest[0] if c.by_value else dest

    def marshal():
        o = ffi.new("size_t *", 0)
        c.marshal(src, OUT, BUFFER_SIZE, o)

    def unmarshal():
        o = ffi.new("size_t *", 0)
        c.unmarshal(data, len(data), o, ffi.new(c.dest_type))

    return {"marshal": rate(marshal, seconds), "unmarshal": rate(unmarshal, seconds)}


def bench_create(command, response, seconds):
    """
    A whole TPM2_Create as tpm2-tss's SAPI marshals it (Tss2_Sys_Create_Prepare and
    _Complete are not in tpm2-pytss): header, parentHandle, one password session,
    the four parameters; the response header, parameterSize, five parameters and the
    session, each through the Tss2_MU_ functions.
    """
    m = lib
    # The command's pieces, decoded once by libtss2-mu from our reference bytes.
    off = ffi.new("size_t *", 0)
    hdr = 10
    parent = struct.unpack(">I", command[hdr : hdr + 4])[0]
    auth_size = struct.unpack(">I", command[hdr + 4 : hdr + 8])[0]
    p = hdr + 8
    auth = ffi.new("TPMS_AUTH_COMMAND *")
    off[0] = p
    assert m.Tss2_MU_TPMS_AUTH_COMMAND_Unmarshal(command, len(command), off, auth) == 0
    assert off[0] == p + auth_size
    sens = ffi.new("TPM2B_SENSITIVE_CREATE *")
    pub = ffi.new("TPM2B_PUBLIC *")
    outside = ffi.new("TPM2B_DATA *")
    pcrs = ffi.new("TPML_PCR_SELECTION *")
    assert m.Tss2_MU_TPM2B_SENSITIVE_CREATE_Unmarshal(command, len(command), off, sens) == 0
    assert m.Tss2_MU_TPM2B_PUBLIC_Unmarshal(command, len(command), off, pub) == 0
    assert m.Tss2_MU_TPM2B_DATA_Unmarshal(command, len(command), off, outside) == 0
    assert m.Tss2_MU_TPML_PCR_SELECTION_Unmarshal(command, len(command), off, pcrs) == 0
    assert off[0] == len(command)

    def marshal():
        o = ffi.new("size_t *", 0)
        m.Tss2_MU_TPM2_ST_Marshal(0x8002, OUT, BUFFER_SIZE, o)
        m.Tss2_MU_UINT32_Marshal(0, OUT, BUFFER_SIZE, o)
        m.Tss2_MU_TPM2_CC_Marshal(0x153, OUT, BUFFER_SIZE, o)
        m.Tss2_MU_TPM2_HANDLE_Marshal(parent, OUT, BUFFER_SIZE, o)
        at = o[0]
        m.Tss2_MU_UINT32_Marshal(0, OUT, BUFFER_SIZE, o)
        m.Tss2_MU_TPMS_AUTH_COMMAND_Marshal(auth, OUT, BUFFER_SIZE, o)
        end = o[0]
        a = ffi.new("size_t *", at)
        m.Tss2_MU_UINT32_Marshal(end - at - 4, OUT, BUFFER_SIZE, a)
        m.Tss2_MU_TPM2B_SENSITIVE_CREATE_Marshal(sens, OUT, BUFFER_SIZE, o)
        m.Tss2_MU_TPM2B_PUBLIC_Marshal(pub, OUT, BUFFER_SIZE, o)
        m.Tss2_MU_TPM2B_DATA_Marshal(outside, OUT, BUFFER_SIZE, o)
        m.Tss2_MU_TPML_PCR_SELECTION_Marshal(pcrs, OUT, BUFFER_SIZE, o)
        size = o[0]
        s = ffi.new("size_t *", 2)
        m.Tss2_MU_UINT32_Marshal(size, OUT, BUFFER_SIZE, s)

    # The libtss2-mu framing must equal our bytes, or the comparison is meaningless.
    marshal()
    same = bytes(ffi.buffer(OUT, len(command))) == command

    def unmarshal():
        o = ffi.new("size_t *", 0)
        tag = ffi.new("TPM2_ST *")
        u32 = ffi.new("UINT32 *")
        rc = ffi.new("TPM2_RC *")
        m.Tss2_MU_TPM2_ST_Unmarshal(response, len(response), o, tag)
        m.Tss2_MU_UINT32_Unmarshal(response, len(response), o, u32)
        m.Tss2_MU_UINT32_Unmarshal(response, len(response), o, rc)
        m.Tss2_MU_UINT32_Unmarshal(response, len(response), o, u32)
        m.Tss2_MU_TPM2B_PRIVATE_Unmarshal(response, len(response), o, ffi.new("TPM2B_PRIVATE *"))
        m.Tss2_MU_TPM2B_PUBLIC_Unmarshal(response, len(response), o, ffi.new("TPM2B_PUBLIC *"))
        m.Tss2_MU_TPM2B_CREATION_DATA_Unmarshal(response, len(response), o, ffi.new("TPM2B_CREATION_DATA *"))
        m.Tss2_MU_TPM2B_DIGEST_Unmarshal(response, len(response), o, ffi.new("TPM2B_DIGEST *"))
        m.Tss2_MU_TPMT_TK_CREATION_Unmarshal(response, len(response), o, ffi.new("TPMT_TK_CREATION *"))
        m.Tss2_MU_TPMS_AUTH_RESPONSE_Unmarshal(response, len(response), o, ffi.new("TPMS_AUTH_RESPONSE *"))
        if o[0] != len(response):
            raise ValueError("response not consumed")

    unmarshal()
    return {"marshal": rate(marshal, seconds), "unmarshal": rate(unmarshal, seconds), "same": same}


def handle(req):
    op = req.get("op")
    if op == "info":
        from importlib.metadata import version

        try:
            v = version("tpm2-pytss")
        except Exception:
            v = "unknown"
        return {"version": v, "functions": FUNCTIONS}
    if op == "resolve":
        return {"resolved": {n: resolve(n) for n in req["names"]}}
    if op == "roundtrip":
        c = codec(req["fn"])
        return {"results": [c.roundtrip(bytes.fromhex(h)) for h in req["cases"]]}
    if op == "compare":
        return {"results": compare(req["fn"], req["cases"])}
    if op == "probe":
        return {"supported": probe(req["unions"])}
    if op == "templates":
        return {"templates": templates()}
    if op == "bench":
        return bench(req["fn"], bytes.fromhex(req["hex"]), float(req.get("seconds", 1)))
    if op == "bench_create":
        return bench_create(bytes.fromhex(req["command"]), bytes.fromhex(req["response"]), float(req.get("seconds", 1)))
    raise ValueError(f"unknown op {op!r}")


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            answer = handle(json.loads(line))
        except Exception as e:  # reported to the caller, the bridge keeps running
            answer = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
