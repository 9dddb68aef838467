/**
 * Access tokens: HS256 JWTs (jose) with claims `sub`, `role`, `iat`, `exp` (SPEC §4).
 * `sub` names the caller and is not looked up; no iss/aud.
 */
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

export const ROLES = ['admin', 'reviewer', 'service'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenClaims {
  sub: string;
  role: Role;
  /** Expiry, seconds since the epoch (set on verified tokens). */
  exp?: number;
}

export class InvalidTokenError extends Error {}

const secretKey = (secret: string) => new TextEncoder().encode(secret);

export async function signToken(secret: string, claims: TokenClaims, expiresInSeconds: number): Promise<string> {
  return new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(`${expiresInSeconds}s`)
    .sign(secretKey(secret));
}

/**
 * Valid when the HS256 signature, `exp` (30 s leeway) and `role` check out. Only HS256
 * is accepted (so `alg: none` and algorithm swaps are refused).
 */
export async function verifyToken(secret: string, token: string): Promise<TokenClaims> {
  try {
    const { payload } = await jwtVerify(token, secretKey(secret), { algorithms: ['HS256'], clockTolerance: 30, requiredClaims: ['exp', 'sub'] });
    const role = payload.role;
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new InvalidTokenError('token has no valid role');
    return { sub: String(payload.sub), role: role as Role, exp: payload.exp };
  } catch (err) {
    if (err instanceof InvalidTokenError) throw err;
    if (err instanceof joseErrors.JWTExpired) throw new InvalidTokenError('token expired');
    throw new InvalidTokenError('token is not valid');
  }
}
