/** One rendered response: its bytes and the headers that depend on what was rendered. */
export interface Rendered {
  body: Buffer;
  headers: Readonly<Record<string, string>>;
}

/**
 * Rendered responses by key, the least recently used evicted once their bytes pass `maxBytes`.
 *
 * Contract: a key names its output completely. Equal keys must mean byte-identical renders,
 * so an entry is never invalidated, only evicted; a caller puts into the key everything its
 * render reads (see `editionKey` in server/routes/public-page.ts). Concurrent misses of one
 * key share one render. `maxBytes: 0` keeps nothing and renders every time (the benchmark's
 * baseline); an entry larger than `maxBytes` is served but not kept.
 */
export class RenderCache {
  private readonly entries = new Map<string, Rendered>();
  private readonly inFlight = new Map<string, Promise<Rendered>>();
  private bytes = 0;
  /** Renders started (misses); tests and the benchmark read them to prove a hit renders nothing. */
  renders = 0;
  hits = 0;

  private readonly maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  async get(key: string, render: () => Promise<Rendered>): Promise<Rendered> {
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      this.hits++;
      return cached;
    }
    if (this.maxBytes === 0) {
      this.renders++;
      return render();
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      this.renders++;
      pending = render()
        .then((rendered) => {
          this.keep(key, rendered);
          return rendered;
        })
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private keep(key: string, rendered: Rendered): void {
    const cost = sizeOf(key, rendered);
    if (cost > this.maxBytes) return;
    this.entries.set(key, rendered);
    this.bytes += cost;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= sizeOf(oldest, entry);
    }
  }
}

function sizeOf(key: string, rendered: Rendered): number {
  let bytes = rendered.body.byteLength + key.length;
  for (const [name, value] of Object.entries(rendered.headers)) bytes += name.length + value.length;
  return bytes;
}
