import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('configuration', () => {
  it('has working defaults: port 3000, ./data, PUBLIC_URL derived from the port', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', publicUrl: 'http://localhost:3000', logLevel: 'info' });
    expect(config.dataDir).toMatch(/\/data$/);
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.allowedOrigins).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']);
  });

  it('allows only PUBLIC_URL\'s origin once PUBLIC_URL is set', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://statements.example.org/' }).allowedOrigins).toEqual(['https://statements.example.org']);
  });

  it('lists every problem at once', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'eighty', PUBLIC_URL: 'ftp://example.org', LOG_LEVEL: 'loud', COLLAB_SECRET: 'short' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'PUBLIC_URL', 'LOG_LEVEL', 'COLLAB_SECRET']) expect(problems).toContain(name);
    expect((caught as ConfigError).problems).toHaveLength(4);
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/tmp/jointly-x',
      PUBLIC_URL: 'https://statements.example.org',
      LOG_LEVEL: 'debug',
      WS_MAX_PAYLOAD_BYTES: '1048576',
      SQLITE_SYNCHRONOUS: 'FULL',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/tmp/jointly-x',
      publicUrl: 'https://statements.example.org',
      logLevel: 'debug',
      wsMaxPayloadBytes: 1_048_576,
      sqliteSynchronous: 'FULL',
    });
  });
});
