import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a collab token says: who may open which statement until when (unix seconds), and
 * under which session (`sid`: the session's stored hash). A token outlives neither its
 * expiry nor its session: logging out refuses it even before it expires.
 */
export interface CollabTokenClaims {
  sub: string;
  statementId: string;
  sid: string;
  exp: number;
}

export class CollabTokenError extends Error {
  readonly reason: 'malformed' | 'bad-signature' | 'expired' | 'wrong-statement';

  constructor(reason: CollabTokenError['reason']) {
    super(`collab token rejected: ${reason}`);
    this.name = 'CollabTokenError';
    this.reason = reason;
  }
}

/**
 * Short-lived, HMAC-signed tokens that bind one user to one statement's websocket.
 * Format: base64url(JSON claims) "." base64url(HMAC-SHA256(secret, payload)).
 * Stateless, so any instance sharing the secret can verify them.
 */
export class CollabTokens {
  private readonly secret: Uint8Array;
  private readonly ttlSeconds: number;
  private readonly now: () => number;

  constructor(secret: Uint8Array, ttlSeconds: number, now: () => number = Date.now) {
    this.secret = secret;
    this.ttlSeconds = ttlSeconds;
    this.now = now;
  }

  issue(sub: string, statementId: string, sid: string): string {
    const claims: CollabTokenClaims = { sub, statementId, sid, exp: Math.floor(this.now() / 1000) + this.ttlSeconds };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** Returns the claims of a valid token for `statementId`; throws CollabTokenError otherwise. */
  verify(token: string, statementId: string): CollabTokenClaims {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) throw new CollabTokenError('malformed');
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new CollabTokenError('bad-signature');
    let claims: CollabTokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CollabTokenClaims;
    } catch {
      throw new CollabTokenError('malformed');
    }
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') throw new CollabTokenError('malformed');
    if (claims.exp * 1000 <= this.now()) throw new CollabTokenError('expired');
    if (claims.statementId !== statementId) throw new CollabTokenError('wrong-statement');
    return claims;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
