/**
 * ECDSA verification over a digest on NIST P-256, P-384 and P-521: SEC 1,
 * 4.1.4, in bigint with Jacobian coordinates. For crypto plugins whose library
 * only verifies messages (WebCrypto) or hashes them itself (node:crypto). Only
 * public values are involved, so constant time is not needed.
 */
import { TPM_ECC_CURVE } from "../constants/tpm-ecc-curve.js";
import { TssError } from "../tss-error.js";

interface Curve {
  p: bigint;
  b: bigint;
  n: bigint;
  gx: bigint;
  gy: bigint;
  size: number;
}

const CURVES: Record<number, Curve> = {
  [TPM_ECC_CURVE.NIST_P256]: {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
    size: 32,
  },
  [TPM_ECC_CURVE.NIST_P384]: {
    p: (1n << 384n) - (1n << 128n) - (1n << 96n) + (1n << 32n) - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
    size: 48,
  },
  [TPM_ECC_CURVE.NIST_P521]: {
    p: (1n << 521n) - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    n: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
    gx: 0x00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66n,
    gy: 0x011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650n,
    size: 66,
  },
};

type J = [bigint, bigint, bigint];
const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
const toBig = (b: Uint8Array) => b.reduce((v, x) => (v << 8n) | BigInt(x), 0n);

function inv(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}

function dbl([X, Y, Z]: J, p: bigint): J {
  if (Y === 0n || Z === 0n) return [0n, 1n, 0n];
  const ZZ = (Z * Z) % p;
  const M = mod(3n * (X - ZZ) * (X + ZZ), p);
  const YY = (Y * Y) % p;
  const S = mod(4n * X * YY, p);
  const X3 = mod(M * M - 2n * S, p);
  return [X3, mod(M * (S - X3) - 8n * YY * YY, p), mod(2n * Y * Z, p)];
}

function add(P: J, Q: J, p: bigint): J {
  if (P[2] === 0n) return Q;
  if (Q[2] === 0n) return P;
  const Z1Z1 = (P[2] * P[2]) % p;
  const Z2Z2 = (Q[2] * Q[2]) % p;
  const U1 = (P[0] * Z2Z2) % p;
  const U2 = (Q[0] * Z1Z1) % p;
  const S1 = (P[1] * Q[2] * Z2Z2) % p;
  const S2 = (Q[1] * P[2] * Z1Z1) % p;
  if (U1 === U2) return S1 === S2 ? dbl(P, p) : [0n, 1n, 0n];
  const H = mod(U2 - U1, p);
  const R = mod(S2 - S1, p);
  const HH = (H * H) % p;
  const HHH = (H * HH) % p;
  const X3 = mod(R * R - HHH - 2n * U1 * HH, p);
  return [X3, mod(R * (U1 * HH - X3) - S1 * HHH, p), (H * P[2] * Q[2]) % p];
}

/** u1*G + u2*Q (Shamir's trick). */
function mulAdd(c: Curve, u1: bigint, Q: J, u2: bigint): J {
  const G: J = [c.gx, c.gy, 1n];
  const GQ = add(G, Q, c.p);
  let R: J = [0n, 1n, 0n];
  const bits = Math.max(u1.toString(2).length, u2.toString(2).length);
  for (let i = BigInt(bits - 1); i >= 0n; i--) {
    R = dbl(R, c.p);
    const a = (u1 >> i) & 1n;
    const b = (u2 >> i) & 1n;
    if (a && b) R = add(R, GQ, c.p);
    else if (a) R = add(R, G, c.p);
    else if (b) R = add(R, Q, c.p);
  }
  return R;
}

/** The curve parameters for ECDSA verification, or TssError("UNSUPPORTED"). */
function curveOf(curveID: number, plugin: string): Curve {
  const c = CURVES[curveID];
  if (c === undefined)
    throw new TssError(
      "UNSUPPORTED",
      `ECDSA on curve 0x${curveID.toString(16).padStart(4, "0")} is not supported by ${plugin}`,
    );
  return c;
}

const onCurve = (c: Curve, x: bigint, y: bigint) =>
  x < c.p && y < c.p && mod(y * y - (x * x * x - 3n * x + c.b), c.p) === 0n;

/** Whether (x, y) is on a NIST TPM_ECC_CURVE (y² = x³ − 3x + b); other curves are TssError("UNSUPPORTED"). */
export function isOnNistCurve(curveID: number, x: Uint8Array, y: Uint8Array): boolean {
  return onCurve(curveOf(curveID, "@tss/marshal/plugin-support"), toBig(x), toBig(y));
}

/**
 * The x-coordinate of d·(x, y) on a NIST TPM_ECC_CURVE, curve-sized (an ECDH
 * shared secret). Not constant time: for checking, not for private keys in use.
 */
export function nistPointMultiplyX(curveID: number, d: Uint8Array, x: Uint8Array, y: Uint8Array): Uint8Array {
  const c = curveOf(curveID, "@tss/marshal/plugin-support");
  const k = toBig(d);
  const P: J = [toBig(x), toBig(y), 1n];
  let R: J = [0n, 1n, 0n];
  for (let i = BigInt(k.toString(2).length - 1); i >= 0n; i--) {
    R = dbl(R, c.p);
    if ((k >> i) & 1n) R = add(R, P, c.p);
  }
  if (R[2] === 0n) throw new TssError("BAD_PARAMETER", "the point multiple is the point at infinity");
  const zi = inv(R[2], c.p);
  let v = (R[0] * zi * zi) % c.p;
  const out = new Uint8Array(c.size);
  for (let i = c.size - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/**
 * Verifies an ECDSA signature (r, s) over `digest` with public key (x, y) on a
 * NIST TPM_ECC_CURVE; other curves are TssError("UNSUPPORTED") naming `plugin`.
 */
export function verifyEcdsaDigest(
  curveID: number,
  pub: { x: Uint8Array; y: Uint8Array },
  digest: Uint8Array,
  signature: { r: Uint8Array; s: Uint8Array },
  plugin = "this crypto plugin",
): boolean {
  const c = curveOf(curveID, plugin);
  const x = toBig(pub.x);
  const y = toBig(pub.y);
  if (!onCurve(c, x, y)) return false;
  const r = toBig(signature.r);
  const s = toBig(signature.s);
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n) return false;
  // e: the leftmost bitlen(n) bits of the digest.
  const nBits = c.n.toString(2).length;
  let e = toBig(digest);
  const dBits = digest.length * 8;
  if (dBits > nBits) e >>= BigInt(dBits - nBits);
  const w = inv(s, c.n);
  const R = mulAdd(c, mod(e * w, c.n), [x, y, 1n], mod(r * w, c.n));
  if (R[2] === 0n) return false;
  const zi = inv(R[2], c.p);
  const rx = (R[0] * zi * zi) % c.p;
  return mod(rx, c.n) === r;
}
