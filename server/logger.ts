import type { FastifyBaseLogger } from 'fastify';

/** The app's structured logger (Fastify's pino instance); collaboration code logs through it too. */
export type Logger = FastifyBaseLogger;
