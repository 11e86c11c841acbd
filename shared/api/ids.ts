import { z } from 'zod';

/** Every id Jointly hands out: 12 url-safe characters (72 random bits). */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a valid id');
