/**
 * What every live source does around its AWS SDK calls: retry throttling and server errors with
 * exponential backoff and full jitter (the SDK's own retries are off or few, so the policy is one place and
 * testable), and turn what the SDK throws for a bad setup (no region, no credentials, an endpoint that does
 * not answer, an API error) into one line a person can act on.
 */
import { UsageError } from '../../normalize/diagnostic.js';

/** How a live source retries. */
export interface BackoffOptions {
  /** Attempts per request before giving up on throttling (default 8). */
  maxAttempts?: number;
  /** First backoff delay in ms (default 200), doubled per attempt, capped at 20 s, with full jitter. */
  baseDelayMs?: number;
  /** For tests: a clock for the backoff, a source of randomness. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Progress lines for `--verbose`. */
  onProgress?: (message: string) => void;
}

/** The service a source calls, for messages: `xray` / `X-Ray`, the example to name a region with. */
export interface ServiceLabel {
  /** What each message starts with: the source as written (`xray:`, `cloudtrail:`, `s3://bucket/prefix:`). */
  prefix: string;
  /** The service's name in prose (`X-Ray`). */
  service: string;
  /** How to name a region in the source, if the source can (`xray:us-east-1`). */
  regionExample?: string;
}

const THROTTLING = new Set([
  'ThrottledException',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
]);

export function httpStatusOf(error: unknown): number | undefined {
  const meta = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata;
  return meta?.httpStatusCode;
}

/** Throttling, or a server-side error worth another try. */
export function isRetryable(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  if (THROTTLING.has(name)) return true;
  const status = httpStatusOf(error);
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `request`, retrying throttling and 5xx with exponential backoff and full jitter. */
export async function withBackoff<T>(
  what: string,
  request: () => Promise<T>,
  options: BackoffOptions,
  onRetry: () => void,
): Promise<T> {
  const attempts = options.maxAttempts ?? 8;
  const base = options.baseDelayMs ?? 200;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (!isRetryable(error) || attempt >= attempts) throw error;
      const cap = Math.min(20_000, base * 2 ** (attempt - 1));
      const delay = Math.floor(random() * cap);
      onRetry();
      options.onProgress?.(
        `${what}: ${(error as Error).name || 'error'}, retrying in ${delay} ms (attempt ${attempt + 1} of ${attempts})`,
      );
      await sleep(delay);
    }
  }
}

/**
 * One API request of a live source: `withBackoff`, then `explain` for what still fails (`described` says
 * what was asked, in the message; by default the operation's name).
 */
export function callAws<T>(
  what: string,
  request: () => Promise<T>,
  options: BackoffOptions,
  onRetry: () => void,
  label: ServiceLabel,
  described: string = what,
): Promise<T> {
  return withBackoff(what, request, options, onRetry).catch((error: unknown) =>
    explain(described, error, label),
  );
}

/**
 * What messages about a source start with: the source as written, ending in one colon (`cloudtrail:`,
 * `cloudtrail:eu-west-1:`), so that with several sources of one kind the message says which failed.
 */
export function messagePrefix(source: string): string {
  return source.endsWith(':') ? source : `${source}:`;
}

/** Turns what the SDK throws for a bad setup into a one-line user error; anything else is re-thrown. */
export function explain(what: string, error: unknown, label: ServiceLabel): never {
  if (error instanceof UsageError) throw error;
  const e = error as { name?: string; message?: string } | undefined;
  const name = e?.name ?? '';
  const message = e?.message ?? String(error);
  const tag = label.prefix;
  if (/region is missing/i.test(message)) {
    throw new UsageError(
      `${tag} no AWS region configured: set AWS_REGION (or a profile with a region)${label.regionExample ? `, or name it: ${label.regionExample}` : ''}`,
    );
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    throw new UsageError(
      `${tag} no AWS credentials found (${message}); configure a profile or environment credentials`,
    );
  }
  if (
    httpStatusOf(error) !== undefined ||
    isRetryable(error) ||
    name.endsWith('Exception') ||
    name === 'TimeoutError'
  ) {
    throw new UsageError(`${tag} ${what} failed: ${name ? `${name}: ` : ''}${message}`);
  }
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'ECONNREFUSED') {
    throw new UsageError(`${tag} cannot reach the ${label.service} endpoint (${message})`);
  }
  throw error;
}

/** Runs `task` over `items`, at most `concurrency` at a time; resolves when all are done (rejects on the first failure). */
export async function inPool<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}
