/**
 * Authentication and roles for routes. Every route is protected unless it opts out:
 * `config: { public: true }` (/health, /auth/login) or `config: { signature: <signer> }`
 * (signed third-party webhooks, authenticated by their signature instead).
 * No or invalid token → 401; a valid token with the wrong role → 403. Routes with
 * `signedUrl: true` also take a signed URL instead (expired or tampered → 401).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidTokenError, verifyToken, type Role, type TokenClaims } from '../domain/users/service.js';
import { ApiError } from './errors.js';
import { checkSignedUrl } from './signedUrls.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: TokenClaims | null;
  }
  interface FastifyContextConfig {
    /** Open to anyone (health, login). */
    public?: boolean;
    /** Roles allowed; admin is always allowed. */
    roles?: Role[];
    /**
     * A valid `?exp=&sig=` (api/signedUrls.ts) stands in for the bearer token (images,
     * event streams: no header possible). Such a request has no `req.user`.
     */
    signedUrl?: boolean;
    /**
     * A signed third-party webhook (routes/signedWebhooks.ts): no bearer token; the
     * sender's signature over the raw body, checked by the route's handler before it
     * parses anything, is the authentication. Names the signer ("shopify", "replicate").
     */
    signature?: string;
  }
}

/** What each role may do (SPEC §4). */
export const READ: Role[] = ['admin', 'reviewer'];
export const ADMIN: Role[] = ['admin'];
export const WEBHOOK: Role[] = ['admin', 'service'];

/**
 * Verified tokens, kept until they expire (HS256 verification through WebCrypto was
 * ~9 % of the API's CPU under load; a service or dashboard reuses one token).
 * Bounded; the cache only ever holds tokens that verified.
 */
class VerifiedTokens {
  private readonly map = new Map<string, TokenClaims>();
  constructor(private readonly max = 1000) {}
  get(token: string): TokenClaims | undefined {
    const c = this.map.get(token);
    if (c && c.exp !== undefined && c.exp + EXP_LEEWAY_SECONDS <= Date.now() / 1000) {
      this.map.delete(token);
      return undefined;
    }
    return c;
  }
  set(token: string, claims: TokenClaims): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(token, claims);
  }
}
const EXP_LEEWAY_SECONDS = 30;

export function installAuth(app: FastifyInstance, secret: string): void {
  const verified = new VerifiedTokens();
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const cfg = req.routeOptions.config;
    if (cfg?.public || cfg?.signature || !req.routeOptions.url) return;
    if (cfg?.signedUrl) {
      const q = req.query as Record<string, unknown> | undefined;
      if (q?.sig !== undefined || q?.exp !== undefined) {
        const refused = checkSignedUrl(req.url.split('?')[0], q.exp, q.sig, secret);
        if (refused) throw new ApiError(401, 'UNAUTHORIZED', refused);
        return;
      }
    }
    const header = req.headers.authorization;
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new ApiError(401, 'UNAUTHORIZED', 'missing bearer token');
    try {
      let claims = verified.get(match[1]);
      if (!claims) {
        claims = await verifyToken(secret, match[1]);
        verified.set(match[1], claims);
      }
      req.user = claims;
    } catch (err) {
      throw new ApiError(401, 'UNAUTHORIZED', err instanceof InvalidTokenError ? err.message : 'token is not valid');
    }
    const roles = cfg?.roles ?? ADMIN;
    if (!roles.includes(req.user.role)) throw new ApiError(403, 'FORBIDDEN', `role ${req.user.role} may not do this`);
  });
}
