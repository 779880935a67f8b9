/**
 * The per-file half of the pipeline: read -> normalise -> attribute -> map -> aggregate. Runs in each
 * worker thread (or in-process), so it holds no global state beyond caches of immutable data.
 */

import { needsMapping, UsageAccumulator, type UsagePartial } from '../aggregate/aggregate-usage.js';
import { type Attribution, attributeRecord } from '../attribute/attribute-record.js';
import { mapOperation } from '../mapping/map-operation.js';
import type { MappingResult } from '../mapping/types.js';
import type { ActivityRecord } from '../normalize/activity-record.js';
import type { Diagnostic } from '../normalize/diagnostic.js';
import { type FileReadStats, type ReadOptions, readInputFile } from '../sources/index.js';
import { inWindow, type TimeWindow } from '../util/time-window.js';

export interface ProcessOptions {
  window: TimeWindow;
  read?: ReadOptions;
}

export interface FileResult {
  stats: FileReadStats;
  diagnostics: Diagnostic[];
}

/**
 * Records read ahead of attribution, mapping and aggregation, at most. A batch goes through each stage in
 * turn (all its attributions, then all its mappings, then all its additions), so that each stage's code and
 * tables stay in the CPU's caches for the whole batch instead of being evicted by the next record's parsing
 * and the other stages: 2 to 12% less time per record in one thread on the bench trail, the first files
 * gaining most (docs/performance.md, session 13).
 */
export const BATCH_RECORDS = 256;

export class FileProcessor {
  private readonly acc = new UsageAccumulator();
  /** Per batch, reused: each record's attribution (undefined once the record is skipped) and mapping. */
  private readonly attributions: (Attribution | undefined)[] = [];
  private readonly mappings: (MappingResult | undefined)[] = [];

  constructor(private readonly options: ProcessOptions) {}

  /**
   * Reads one file into the accumulator. Bad input is reported by the readers; a failure of leastpriv's own
   * (a bug) on one record skips that record, and on the file skips the rest of the file, each with an
   * `internal-error` diagnostic, so that one bug does not lose the whole run.
   */
  async processFile(file: string): Promise<FileResult> {
    const diagnostics: Diagnostic[] = [];
    const { window } = this.options;
    const acc = this.acc;
    const batch: ActivityRecord[] = [];
    let records = 0;
    const flush = () => {
      if (batch.length > 0) this.addBatch(file, batch, diagnostics);
    };
    const sink = {
      record(r: ActivityRecord) {
        records++;
        if (!inWindow(window, r.timeMs)) {
          acc.filtered();
          return;
        }
        batch.push(r);
        if (batch.length >= BATCH_RECORDS) flush();
      },
      diagnostic(d: Diagnostic) {
        // The records before it first, so that diagnostics stay in the order of the file.
        flush();
        diagnostics.push(d);
      },
    };
    try {
      const stats = await readInputFile(file, sink, this.options.read);
      flush();
      return { stats, diagnostics };
    } catch (error) {
      // The records read before the failure are good: they count.
      flush();
      diagnostics.push(internalError(file, 'the rest of this file was skipped', error));
      const malformed = diagnostics.filter((d) => d.malformed).length;
      return {
        stats: {
          file,
          format: 'unknown',
          records,
          malformed,
          skipped: records === 0,
          gzip: false,
          streamed: false,
        },
        diagnostics,
      };
    }
  }

  /**
   * Attributes, maps and adds a batch of records (emptied), stage by stage. A record a stage fails on is
   * skipped by the later stages, so it leaves no trace (as `UsageAccumulator.add` does for a mapping that
   * throws); its diagnostic comes in the order of the file.
   */
  private addBatch(file: string, batch: ActivityRecord[], diagnostics: Diagnostic[]): void {
    const n = batch.length;
    const attributions = this.attributions;
    const mappings = this.mappings;
    let failed: Diagnostic[] | undefined;
    const fail = (r: ActivityRecord, error: unknown) => {
      failed ??= [];
      failed.push(recordError(file, r, error));
    };
    for (let i = 0; i < n; i++) {
      const r = batch[i] as ActivityRecord;
      try {
        attributions[i] = attributeRecord(r);
      } catch (error) {
        attributions[i] = undefined;
        fail(r, error);
      }
    }
    for (let i = 0; i < n; i++) {
      const a = attributions[i];
      mappings[i] = undefined;
      if (a === undefined || !needsMapping(a)) continue;
      const r = batch[i] as ActivityRecord;
      try {
        mappings[i] = mapOperation(r);
      } catch (error) {
        attributions[i] = undefined;
        fail(r, error);
      }
    }
    const acc = this.acc;
    for (let i = 0; i < n; i++) {
      const a = attributions[i];
      if (a === undefined) continue;
      const r = batch[i] as ActivityRecord;
      try {
        acc.add(r, a, mappings[i] ?? mapOperation);
      } catch (error) {
        fail(r, error);
      }
    }
    batch.length = 0;
    attributions.length = 0;
    mappings.length = 0;
    if (failed !== undefined) {
      failed.sort((x, y) => (x.record as number) - (y.record as number));
      for (const d of failed) diagnostics.push(d);
    }
  }

  finish(): UsagePartial {
    return this.acc.partial;
  }
}

/** The diagnostic for a record leastpriv failed on (a bug): the record is skipped. */
function recordError(file: string, r: ActivityRecord, error: unknown): Diagnostic {
  return {
    ...internalError(file, 'this record was skipped', error),
    record: r.origin.index,
    ...(r.origin.line !== undefined ? { line: r.origin.line } : {}),
    ...(r.sourceKind === 'cloudtrail' && r.evidenceId ? { eventId: r.evidenceId } : {}),
  };
}

/** The diagnostic for a failure of leastpriv itself: what was skipped, and the error to report. */
function internalError(file: string, skipped: string, error: unknown): Diagnostic {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    code: 'internal-error',
    severity: 'error',
    message: `leastpriv failed here and ${skipped} (a bug: please report it with this input): ${detail}`,
    file,
    malformed: false,
  };
}
