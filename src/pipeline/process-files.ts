/**
 * The per-file half of the pipeline: read -> normalise -> attribute -> map -> aggregate. Runs in each
 * worker thread (or in-process), so it holds no global state beyond caches of immutable data.
 */

import { UsageAccumulator, type UsagePartial } from '../aggregate/aggregate-usage.js';
import { attributeRecord } from '../attribute/attribute-record.js';
import { mapOperation } from '../mapping/map-operation.js';
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

export class FileProcessor {
  private readonly acc = new UsageAccumulator();

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
    let records = 0;
    const sink = {
      record(r: ActivityRecord) {
        records++;
        if (!inWindow(window, r.timeMs)) {
          acc.filtered();
          return;
        }
        try {
          acc.add(r, attributeRecord(r), mapOperation);
        } catch (error) {
          diagnostics.push({
            ...internalError(file, 'this record was skipped', error),
            record: r.origin.index,
            ...(r.origin.line !== undefined ? { line: r.origin.line } : {}),
            ...(r.sourceKind === 'cloudtrail' && r.evidenceId ? { eventId: r.evidenceId } : {}),
          });
        }
      },
      diagnostic(d: Diagnostic) {
        diagnostics.push(d);
      },
    };
    try {
      return { stats: await readInputFile(file, sink, this.options.read), diagnostics };
    } catch (error) {
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

  finish(): UsagePartial {
    return this.acc.partial;
  }
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
