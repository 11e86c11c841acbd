import { describe, expect, it } from 'vitest';
import { CollabTokenError, CollabTokens } from '../../server/auth/collab-token.ts';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef');

function rejection(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof CollabTokenError) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('collab tokens', () => {
  it('binds a user to one statement until it expires', () => {
    let now = 1_000_000;
    const tokens = new CollabTokens(SECRET, 60, () => now);
    const token = tokens.issue('user-1', 'stmtA', 'session-1');
    expect(tokens.verify(token, 'stmtA')).toMatchObject({ sub: 'user-1', statementId: 'stmtA' });
    expect(rejection(() => tokens.verify(token, 'stmtB'))).toBe('wrong-statement');
    now += 61_000;
    expect(rejection(() => tokens.verify(token, 'stmtA'))).toBe('expired');
  });

  it('rejects tokens signed with another secret, tampered claims and garbage', () => {
    const tokens = new CollabTokens(SECRET, 60);
    const other = new CollabTokens(Buffer.from('another secret of thirty-two bytes!'), 60);
    expect(rejection(() => tokens.verify(other.issue('u', 's', 'session-1'), 's'))).toBe('bad-signature');
    const [, signature] = tokens.issue('u', 's', 'session-1').split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ sub: 'admin', statementId: 's', exp: 9e9 })).toString('base64url');
    expect(rejection(() => tokens.verify(`${forgedClaims}.${signature}`, 's'))).toBe('bad-signature');
    expect(rejection(() => tokens.verify('', 's'))).toBe('malformed');
    expect(rejection(() => tokens.verify('a.b.c', 's'))).toBe('malformed');
  });
});
