import Fastify, { type FastifyInstance } from 'fastify';
import type { Writable } from 'node:stream';
import { join } from 'node:path';
import { CollabTokens } from './auth/collab-token.ts';
import { PasswordHasher } from './auth/passwords.ts';
import { loadSigningSecret } from './auth/secret.ts';
import { createCollaboration, type Collaboration } from './collab/collaboration.ts';
import { registerCollabRoute } from './collab/websocket-route.ts';
import type { Config, TrustProxy } from './config.ts';
import { registerClientAssets } from './http/client-assets.ts';
import { registerCrossOriginGuard } from './http/cross-origin.ts';
import { registerErrorHandler, registerNotFound } from './http/error-handler.ts';
import { requestLogSerializer } from './http/log-redaction.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { authRoutes } from './routes/auth.ts';
import { accountRoutes } from './routes/account.ts';
import { registerOpenApi } from './routes/openapi.ts';
import { orgRoutes } from './routes/orgs.ts';
import { statementRoutes } from './routes/statements.ts';
import { statementInviteRoutes } from './routes/statement-invites.ts';
import { workflowRoutes } from './routes/workflow.ts';
import { exportRoutes } from './routes/export.ts';
import { publicPageRoutes } from './routes/public-page.ts';
import { registerSessions } from './auth/sessions.ts';
import { LiveEvents } from './live/live-events.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { liveRoutes } from './routes/live.ts';
import { registerNotifications } from './notifications/register.ts';
import type { NotifierTuning } from './notifications/notifier.ts';
import { OutboxSignal } from './storage/outbox-signal.ts';
import { createWorkflow, type Workflow } from './workflow/workflow.ts';
import type { AnyRouteSpec } from './http/route.ts';
import { SeedConverter } from './seed/seed-converter.ts';
import { SqliteStore } from './storage/sqlite/sqlite-store.ts';
import type { Store } from './storage/store.ts';
import type { Extension } from '@hocuspocus/server';

export interface JointlyServices {
  config: Config;
  store: Store;
  tokens: CollabTokens;
  collaboration: Collaboration;
  /** Converts Markdown/HTML into a first document state off the main thread, with a time limit. */
  seedConverter: SeedConverter;
  /** scrypt at the configured cost, a bounded number of hashes at a time. */
  passwords: PasswordHasher;
  /** Per-person live signals (GET /api/live). */
  live: LiveEvents;
  /** Outgoing e-mail (SMTP_URL); `enabled` is false without it. */
  mailer: Mailer;
  /** Sign-off, lock (with countdowns), unlock, publish and statement settings (server/workflow/). */
  workflow: Workflow;
  /** Told when a change in this process wrote outbox events (the notifier listens). */
  outbox: OutboxSignal;
  /** Every route defined through defineRoute; the OpenAPI document is built from it. */
  routeSpecs: AnyRouteSpec[];
}

declare module 'fastify' {
  interface FastifyInstance {
    jointly: JointlyServices;
  }
}

export interface BuildOptions {
  /** Use this store instead of the SQLite file in DATA_DIR (tests wrap the real one to inject faults). */
  store?: Store;
  /** Extra Hocuspocus extensions, run after Jointly's own. */
  collabExtensions?: Extension[];
  /** Heartbeat of live streams (each also ends the streams of sessions that ended); tests shorten it. */
  liveHeartbeatMs?: number;
  /** Where log lines go instead of stdout (tests read what the server logs). */
  logStream?: Writable;
  /** Digest window and threshold, polling and start delay of the notifier (tests shorten them). */
  notifications?: NotifierTuning;
}

/**
 * Builds the whole server (REST API, /collab websocket, client assets) without listening.
 * Closing the app drains open documents into storage, then closes the store.
 */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      serializers: { req: requestLogSerializer },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: trustProxyOption(config.trustProxy),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });

  const store = options.store ?? new SqliteStore({ file: join(config.dataDir, 'jointly.sqlite'), synchronous: config.sqliteSynchronous });
  const tokens = new CollabTokens(loadSigningSecret(config.dataDir, config.collabSecret), config.collabTokenTtlSeconds);
  const collaboration = createCollaboration({
    config,
    store,
    tokens,
    logger: app.log,
    ...(options.collabExtensions ? { extensions: options.collabExtensions } : {}),
  });
  const seedConverter = new SeedConverter(config.seedTimeoutMs);
  const passwords = new PasswordHasher({ scryptLogN: config.passwordScryptLogN });
  const live = new LiveEvents({
    ...(options.liveHeartbeatMs ? { heartbeatMs: options.liveHeartbeatMs } : {}),
    sessionAlive: async (hash) => (await store.accounts.findSessionUser(hash, new Date())) !== null,
  });
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  const outbox = new OutboxSignal();
  const workflow = createWorkflow({ store, collaboration, live, logger: app.log, onOutboxWrite: () => outbox.written() });
  app.decorate('jointly', { config, store, tokens, collaboration, seedConverter, passwords, live, mailer, workflow, outbox, routeSpecs: [] });
  app.addHook('onReady', () => workflow.start());
  app.addHook('preClose', async () => {
    workflow.close();
    live.close();
  });
  app.addHook('onClose', async () => {
    mailer.close();
    await seedConverter.close();
    await store.close();
  });

  registerErrorHandler(app);
  registerSecurityHeaders(app);
  registerCrossOriginGuard(app, config.allowedOrigins);
  await registerSessions(app, store, config);
  app.get('/healthz', async () => ({ status: 'ok' }));
  await registerCollabRoute(app, config, collaboration);
  await app.register(authRoutes);
  await app.register(accountRoutes);
  await app.register(orgRoutes);
  await app.register(statementRoutes);
  await app.register(statementInviteRoutes);
  await app.register(workflowRoutes);
  await app.register(exportRoutes);
  await app.register(publicPageRoutes);
  await app.register(liveRoutes);
  await registerNotifications(app, options.notifications);
  registerOpenApi(app);
  if (config.serveClient) await registerClientAssets(app);
  else registerNotFound(app);

  return app;
}

/** Fastify's trustProxy; a hop count trusts that many proxies nearest to the server. */
function trustProxyOption(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}
