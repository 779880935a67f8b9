/**
 * Where live sources that deliver files (`s3://`, `cloudtrail:`) put what they fetched: a private temporary
 * directory, read by the same file pipeline (worker threads, the same readers and diagnostics) as a local
 * folder. Each file keeps the name a person knows it by (`s3://bucket/key`, `cloudtrail: page 3`), and
 * diagnostics about it carry that name instead of the temporary path.
 *
 * Files are read while the rest are still being fetched (`onAdd`), and removed once read (`release`). A
 * source claims room for each file before it fetches it (`claim`), and waits while the files fetched and not
 * yet read take `limitBytes` or more: the disk holds a bounded part of the window, never all of it, and
 * fetching does not run far ahead of reading.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bytes of fetched and not yet read files the spool holds at most, unless one file alone is larger. */
export const SPOOL_LIMIT_BYTES = 256 * 1024 * 1024;

export interface SpoolCreateOptions {
  limitBytes?: number;
  /** A file was fetched whole: it can be read (`bytes` as claimed). */
  onAdd?: (file: string, bytes: number) => void;
}

/** Why a claim failed: the run was abandoned (`Spool.cancel`). Sources let it end their fetching. */
export class SpoolCancelled extends Error {
  constructor() {
    super('the run was abandoned: nothing more is fetched');
    this.name = 'SpoolCancelled';
  }
}

interface Waiter {
  bytes: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class Spool {
  /** The fetched files, in the order they were added. */
  readonly files: string[] = [];
  /** The most bytes held at once (claimed, and not yet released). */
  peakBytes = 0;
  private readonly labels = new Map<string, string>();
  private readonly claims = new Map<string, number>();
  private held = 0;
  private waiters: Waiter[] = [];
  private cancelled = false;
  private count = 0;
  private readonly limit: number;
  private readonly onAdd: ((file: string, bytes: number) => void) | undefined;

  private constructor(
    readonly dir: string,
    options: SpoolCreateOptions,
  ) {
    this.limit = options.limitBytes ?? SPOOL_LIMIT_BYTES;
    this.onAdd = options.onAdd;
  }

  static async create(options: SpoolCreateOptions = {}): Promise<Spool> {
    const dir = await mkdtemp(join(tmpdir(), 'leastpriv-'));
    liveSpools.add(dir);
    watchExit();
    return new Spool(dir, options);
  }

  /**
   * A new path in the spool for one fetched file, known to people as `label`. The name keeps the end of
   * `name` (so `.json.gz` stays) after a sequence number; nothing of `name` can leave the directory.
   */
  reserve(name: string, label: string): string {
    const tail = (name.split('/').pop() ?? '').replace(/[^A-Za-z0-9._-]/g, '_').slice(-100);
    const file = join(this.dir, `${String(++this.count).padStart(6, '0')}-${tail || 'object'}`);
    this.labels.set(file, label);
    return file;
  }

  /**
   * Room for `bytes` of `file` (reserved): waits while the spool is full, then counts them until the file is
   * released or discarded. Rejects with SpoolCancelled once the run is abandoned.
   */
  claim(file: string, bytes: number): Promise<void> {
    if (this.cancelled) return Promise.reject(new SpoolCancelled());
    const size = Math.max(0, bytes);
    if (this.waiters.length === 0 && this.fits(size)) {
      this.take(file, size);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.waiters.push({
        bytes: size,
        resolve: () => {
          this.take(file, size);
          resolve();
        },
        reject,
      });
    });
  }

  /** A reserved file that was written completely: it is read with the rest. */
  add(file: string): void {
    this.files.push(file);
    this.onAdd?.(file, this.claims.get(file) ?? 0);
  }

  /** Files that were read: removed from the disk, and their room given to the next claims. */
  async release(files: readonly string[]): Promise<void> {
    const owned = files.filter((f) => this.labels.has(f));
    if (owned.length === 0) return;
    for (const file of owned) this.free(file);
    // A file that cannot be removed now goes with the directory at the end (`remove`).
    await Promise.all(owned.map((file) => rm(file, { force: true }).catch(() => undefined)));
  }

  /** A reserved file that could not be fetched: whatever was written of it goes, and so does its claim. */
  async discard(file: string): Promise<void> {
    this.free(file);
    await rm(file, { force: true });
  }

  /** The name a spooled file is known by, or undefined for any other path. */
  labelOf(file: string): string | undefined {
    return this.labels.get(file);
  }

  /** The run is abandoned: waiting and later claims reject with SpoolCancelled. */
  cancel(): void {
    this.cancelled = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(new SpoolCancelled());
  }

  async remove(): Promise<void> {
    this.cancel();
    await rm(this.dir, { recursive: true, force: true });
    liveSpools.delete(this.dir);
    if (liveSpools.size === 0) unwatchExit();
  }

  private fits(bytes: number): boolean {
    return this.held === 0 || this.held + bytes <= this.limit;
  }

  private take(file: string, bytes: number): void {
    this.claims.set(file, bytes);
    this.held += bytes;
    if (this.held > this.peakBytes) this.peakBytes = this.held;
  }

  private free(file: string): void {
    const bytes = this.claims.get(file);
    if (bytes === undefined) return;
    this.claims.delete(file);
    this.held -= bytes;
    // Waiters are served in order: a large claim is not passed over for ever by smaller ones.
    while (this.waiters.length > 0 && this.fits((this.waiters[0] as Waiter).bytes)) {
      (this.waiters.shift() as Waiter).resolve();
    }
  }
}

/**
 * Spool directories not yet removed. A run stopped by Ctrl-C or `kill` never reaches `remove`, and the
 * fetched logs (who did what in the account) would stay in the temporary folder: while a spool exists, these
 * signals and the process's exit remove them first (then a signal does what it would have done).
 */
const liveSpools = new Set<string>();

function removeLiveSpools(): void {
  for (const dir of liveSpools) rmSync(dir, { recursive: true, force: true });
  liveSpools.clear();
}

const EXIT_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let watching = false;

function onSignal(signal: NodeJS.Signals): void {
  removeLiveSpools();
  unwatchExit();
  process.kill(process.pid, signal);
}

function watchExit(): void {
  if (watching) return;
  watching = true;
  for (const signal of EXIT_SIGNALS) process.on(signal, onSignal);
  process.on('exit', removeLiveSpools);
}

function unwatchExit(): void {
  if (!watching) return;
  watching = false;
  for (const signal of EXIT_SIGNALS) process.off(signal, onSignal);
  process.off('exit', removeLiveSpools);
}
