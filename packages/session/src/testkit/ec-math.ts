/**
 * Minimal NIST P-256 / P-384 arithmetic (bigint, Jacobian coordinates) for the
 * kit to check ECDH results and ECC salts against its own private keys.
 */
import { TPM_ECC_CURVE } from "@tss/marshal";
import { bigintToBytes, bytesToBigint } from "./hex.js";

interface Curve {
  readonly p: bigint;
  readonly b: bigint;
  readonly size: number;
}

const CURVES: Record<number, Curve> = {
  [TPM_ECC_CURVE.NIST_P256]: {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    size: 32,
  },
  [TPM_ECC_CURVE.NIST_P384]: {
    p: (1n << 384n) - (1n << 128n) - (1n << 96n) + (1n << 32n) - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    size: 48,
  },
};

function curveOf(curveID: number): Curve {
  const c = CURVES[curveID];
  if (c === undefined) throw new Error(`test kit has no curve 0x${curveID.toString(16)}`);
  return c;
}

const mod = (a: bigint, p: bigint) => ((a % p) + p) % p;

function inv(a: bigint, p: bigint): bigint {
  let result = 1n;
  let b = mod(a, p);
  let e = p - 2n;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % p;
    b = (b * b) % p;
    e >>= 1n;
  }
  return result;
}

/** Whether (x, y) is on the curve (y^2 = x^3 - 3x + b). */
export function isOnCurve(curveID: number, x: Uint8Array, y: Uint8Array): boolean {
  const { p, b } = curveOf(curveID);
  const X = bytesToBigint(x);
  const Y = bytesToBigint(y);
  if (X >= p || Y >= p) return false;
  return mod(Y * Y - (X * X * X - 3n * X + b), p) === 0n;
}

type J = [bigint, bigint, bigint];

function dbl([X, Y, Z]: J, p: bigint): J {
  if (Y === 0n || Z === 0n) return [0n, 1n, 0n];
  const ZZ = (Z * Z) % p;
  const M = mod(3n * (X - ZZ) * (X + ZZ), p);
  const YY = (Y * Y) % p;
  const S = mod(4n * X * YY, p);
  const X3 = mod(M * M - 2n * S, p);
  const Y3 = mod(M * (S - X3) - 8n * YY * YY, p);
  const Z3 = mod(2n * Y * Z, p);
  return [X3, Y3, Z3];
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
  const Y3 = mod(R * (U1 * HH - X3) - S1 * HHH, p);
  const Z3 = (H * P[2] * Q[2]) % p;
  return [X3, Y3, Z3];
}

/** The x-coordinate of d·(x, y), curve-sized. */
export function ecdhX(curveID: number, d: Uint8Array, x: Uint8Array, y: Uint8Array): Uint8Array {
  const c = curveOf(curveID);
  const k = bytesToBigint(d);
  let R: J = [0n, 1n, 0n];
  const P: J = [bytesToBigint(x), bytesToBigint(y), 1n];
  for (let i = BigInt(k.toString(2).length - 1); i >= 0n; i--) {
    R = dbl(R, c.p);
    if ((k >> i) & 1n) R = add(R, P, c.p);
  }
  if (R[2] === 0n) throw new Error("ECDH result is the point at infinity");
  const zi = inv(R[2], c.p);
  return bigintToBytes((R[0] * zi * zi) % c.p, c.size);
}
