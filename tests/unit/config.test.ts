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

  it("allows only PUBLIC_URL's origin once PUBLIC_URL is set", () => {
    expect(loadConfig({ PUBLIC_URL: 'https://statements.example.org/' }).allowedOrigins).toEqual(['https://statements.example.org']);
  });

  it('turns e-mail on only with both SMTP_URL and MAIL_FROM; a malformed SMTP_URL is refused', () => {
    expect(loadConfig({}).smtpUrl).toBeUndefined();
    expect(() => loadConfig({ SMTP_URL: 'smtp://u:p@mail.example.org:587' })).toThrow(/MAIL_FROM/);
    expect(loadConfig({ SMTP_URL: 'smtp://u:p@mail.example.org:587', MAIL_FROM: 'Jointly <jointly@example.org>' })).toMatchObject({
      smtpUrl: 'smtp://u:p@mail.example.org:587',
      mailFrom: 'Jointly <jointly@example.org>',
    });
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.org', MAIL_FROM: 'j@example.org' })).toThrow(ConfigError);
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

  it('reads every admission and socket limit, each with a default', () => {
    const defaults = loadConfig({});
    for (const value of [...Object.values(defaults.admission), ...Object.values(defaults.socketLimits)]) expect(value).toBeGreaterThan(0);
    const config = loadConfig({
      MAX_UPDATE_BYTES: '65536',
      MAX_UPDATE_STRUCTS: '1000',
      MAX_UPDATE_DELETE_RANGES: '2000',
      MAX_CLOCK_JUMP: '5000',
      MAX_DOCUMENT_BYTES: '1048576',
      ADMISSION_GAP_WAIT_MS: '500',
      MAX_AWARENESS_BYTES: '2048',
      AWARENESS_PER_SECOND: '10',
      MAX_UNAUTHENTICATED_SOCKETS: '100',
      MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS: '10',
      PREAUTH_TIMEOUT_MS: '3000',
      INBOUND_FRAMES_PER_SECOND: '100',
      INBOUND_BYTES_PER_SECOND: '65536',
      MAX_OUTBOUND_BUFFER_BYTES: '1048576',
      MAX_CONNECTIONS_PER_USER: '5',
    });
    expect(config.admission).toMatchObject({
      maxUpdateBytes: 65_536,
      maxUpdateStructs: 1_000,
      maxUpdateDeleteRanges: 2_000,
      maxClockJump: 5_000,
      maxDocumentBytes: 1_048_576,
      gapWaitMs: 500,
      maxAwarenessBytes: 2_048,
      awarenessPerSecond: 10,
    });
    expect(config.socketLimits).toMatchObject({
      maxUnauthenticated: 100,
      maxUnauthenticatedPerAddress: 10,
      preAuthTimeoutMs: 3_000,
      inboundFramesPerSecond: 100,
      inboundBytesPerSecond: 65_536,
      maxOutboundBufferBytes: 1_048_576,
      maxConnectionsPerUser: 5,
    });
    expect(Object.isFrozen(config.admission) && Object.isFrozen(config.socketLimits)).toBe(true);
  });

  it('bounds what a Word import may unpack to: 50 MiB by default, at least 1 MiB when set', () => {
    expect(loadConfig({}).maxImportUncompressedBytes).toBe(50 * 1024 * 1024);
    expect(loadConfig({ MAX_IMPORT_UNCOMPRESSED_BYTES: '10485760' }).maxImportUncompressedBytes).toBe(10_485_760);
    expect(() => loadConfig({ MAX_IMPORT_UNCOMPRESSED_BYTES: '1000' })).toThrow(/MAX_IMPORT_UNCOMPRESSED_BYTES/);
  });
});
