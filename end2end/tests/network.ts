import type { CDPSession, Page } from "@playwright/test";

/** One response the page received, as Chromium's network layer saw it. */
export interface Fetched {
  url: string;
  /** Bytes that came over the network (headers included); 0 when served from the cache. */
  transferred: number;
  /** Whether the browser's cache answered instead of the server. */
  fromCache: boolean;
  /** The `Content-Encoding` the server answered with ("" for none). */
  encoding: string;
  /** The `Cache-Control` the server answered with ("" for none). */
  cacheControl: string;
}

/**
 * Records every response of `page` through the Chrome DevTools protocol, which (unlike
 * Playwright's own events) says how many bytes crossed the network and whether the
 * browser's cache served a file.
 */
export class NetworkLog {
  readonly fetched: Fetched[] = [];
  private readonly pending = new Map<string, Fetched>();

  private constructor(private readonly session: CDPSession) {}

  static async start(page: Page): Promise<NetworkLog> {
    const session = await page.context().newCDPSession(page);
    const log = new NetworkLog(session);
    session.on("Network.requestWillBeSent", (e) => {
      log.pending.set(e.requestId, { url: e.request.url, transferred: 0, fromCache: false, encoding: "", cacheControl: "" });
    });
    session.on("Network.requestServedFromCache", (e) => {
      const entry = log.pending.get(e.requestId);
      if (entry) entry.fromCache = true;
    });
    session.on("Network.responseReceived", (e) => {
      const entry = log.pending.get(e.requestId);
      if (!entry) return;
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      entry.encoding = headers["content-encoding"] ?? "";
      entry.cacheControl = headers["cache-control"] ?? "";
      if (e.response.fromDiskCache || e.response.fromPrefetchCache) entry.fromCache = true;
    });
    session.on("Network.loadingFinished", (e) => {
      const entry = log.pending.get(e.requestId);
      if (!entry) return;
      entry.transferred = entry.fromCache ? 0 : e.encodedDataLength;
      log.fetched.push(entry);
      log.pending.delete(e.requestId);
    });
    await session.send("Network.enable");
    return log;
  }

  /** Forgets what was recorded so far. */
  clear(): void {
    this.fetched.length = 0;
  }

  /** The responses whose path matches `pattern`. */
  matching(pattern: RegExp): Fetched[] {
    return this.fetched.filter((f) => pattern.test(new URL(f.url).pathname));
  }

  async stop(): Promise<void> {
    await this.session.detach();
  }
}
