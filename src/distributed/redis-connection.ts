import type { ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import { EndpointError, UsageError } from "../core/errors.js";
import { redactSecrets, registerSecret } from "../core/secrets.js";

/** A `--queue` URL, checked. `display` is safe to print (no password). */
export interface RedisTarget {
  url: string;
  display: string;
}

/**
 * Checks a Redis URL (`redis://[:PASSWORD@]HOST[:PORT][/DB]`, or `rediss://` for TLS). A password
 * in it is registered as a secret: it never reaches a file, a log or an error message.
 */
export function parseRedisUrl(value: string, flag = "--queue"): RedisTarget {
  const usage = (why: string) =>
    new UsageError(
      `${flag}: ${why}: expected redis://HOST:PORT/DB, e.g. redis://127.0.0.1:6379/0 (got '${redactSecrets(value)}')`,
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usage("not a URL");
  }
  if (url.password) registerSecret(decodeURIComponent(url.password));
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw usage(`'${url.protocol}' is not redis:`);
  if (!url.hostname) throw usage("no host");
  if (!/^\/?(\d{1,2})?$/.test(url.pathname)) throw usage(`'${url.pathname}' is not a database number`);
  const shown = new URL(url.href);
  if (shown.password) shown.password = "***";
  return { url: value, display: shown.href };
}

/**
 * Connection options for BullMQ and our own clients: commands wait through a Redis restart
 * (ioredis reconnects with backoff) instead of failing the run.
 */
export function connectionOptions(target: RedisTarget): ConnectionOptions {
  return { url: target.url, ...RECONNECTING };
}

const RECONNECTING = {
  maxRetriesPerRequest: null,
  retryStrategy: (times: number) => Math.min(200 * times, 2000),
};

/** A client that survives Redis restarts (see connectionOptions). */
export function openRedis(target: RedisTarget): Redis {
  const redis = new Redis(target.url, RECONNECTING);
  // Connection errors are retried by ioredis; without a listener they would crash the process.
  redis.on("error", () => {});
  return redis;
}

/** BullMQ needs Redis 6.2 or newer. */
const MIN_VERSION = [6, 2];

/**
 * Fails fast, with one line naming the fix, when nothing answers at the URL (a run must not hang
 * on a typo) or the server is too old for BullMQ. Only then do the long-lived clients connect.
 */
export async function checkRedis(target: RedisTarget, flag = "--queue"): Promise<void> {
  const probe = new Redis(target.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5000,
    enableOfflineQueue: false,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    const info = await probe.info("server");
    const version = /redis_version:([\d.]+)/.exec(info)?.[1] ?? "0";
    const [major, minor] = version.split(".").map(Number);
    if (major < MIN_VERSION[0] || (major === MIN_VERSION[0] && minor < MIN_VERSION[1]))
      throw new EndpointError(
        `Redis at ${target.display} is version ${version}; the queue needs 6.2 or newer (Debian's redis-server is 7)`,
      );
  } catch (error) {
    if (error instanceof EndpointError) throw error;
    const why = redactSecrets((error as Error)?.message ?? String(error));
    throw new EndpointError(
      `cannot use Redis at ${target.display} (${why}): is redis-server running there? check ${flag}`,
    );
  } finally {
    probe.disconnect();
  }
}
