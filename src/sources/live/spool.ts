/**
 * Where live sources that deliver files (`s3://`, `cloudtrail:`) put what they fetched: a private temporary
 * directory, read afterwards by the same file pipeline (worker threads, the same readers and diagnostics) as
 * a local folder, then removed. Each file keeps the name a person knows it by (`s3://bucket/key`,
 * `cloudtrail: page 3`), and diagnostics about it carry that name instead of the temporary path.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class Spool {
  /** The fetched files, in the order they were added. */
  readonly files: string[] = [];
  private readonly labels = new Map<string, string>();
  private count = 0;

  private constructor(readonly dir: string) {}

  static async create(): Promise<Spool> {
    return new Spool(await mkdtemp(join(tmpdir(), 'leastpriv-')));
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

  /** A reserved file that was written completely: it is read with the rest. */
  add(file: string): void {
    this.files.push(file);
  }

  /** The name a spooled file is known by, or undefined for any other path. */
  labelOf(file: string): string | undefined {
    return this.labels.get(file);
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
