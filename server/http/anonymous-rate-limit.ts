import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../shared/errors.ts';
import { TokenBucket } from '../collab/token-bucket.ts';
import type { AnonymousLimits } from '../config.ts';

/**
 * Requests per client address on routes anyone may call without an account (the public page
 * and its downloads, invitation previews): one token bucket per address (`request.ip`, which is
 * proxy-aware when TRUST_PROXY is set), `requestsPerSecond` sustained after a burst of `burst`.
 *
 * Memory is bounded: at most `maxAddresses` buckets, the least recently seen forgotten first.
 * A forgotten address starts again with a full bucket, so a client rotating through more
 * addresses than that gets one burst per address per rotation; it cannot grow the map.
 */
export class AddressRateLimit {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly limits: AnonymousLimits;
  private readonly burstSeconds: number;

  constructor(limits: AnonymousLimits) {
    this.limits = limits;
    this.burstSeconds = limits.burst / limits.requestsPerSecond;
  }

  /** Counts one request from `address`: 0 when it may pass, otherwise the milliseconds until one would. */
  take(address: string, now = performance.now()): number {
    let bucket = this.buckets.get(address);
    if (bucket) {
      this.buckets.delete(address);
    } else {
      bucket = new TokenBucket(this.limits.requestsPerSecond, this.burstSeconds, now);
      if (this.buckets.size >= this.limits.maxAddresses) this.buckets.delete(this.buckets.keys().next().value!);
    }
    this.buckets.set(address, bucket);
    // Refused means less than one token is left: one more flows in within 1 / rate seconds.
    return bucket.take(1, now) ? 0 : Math.ceil(1000 / this.limits.requestsPerSecond);
  }

  get trackedAddresses(): number {
    return this.buckets.size;
  }

  /** Throws 429 RATE_LIMITED, with a Retry-After header, when the request's address is over its rate. */
  refuseIfExceeded(request: FastifyRequest, reply: FastifyReply): void {
    const waitMs = this.take(request.ip);
    if (waitMs === 0) return;
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    reply.header('retry-after', String(seconds));
    throw new ApiError('RATE_LIMITED', `Too many requests from this address. Try again in ${seconds} s.`);
  }
}
