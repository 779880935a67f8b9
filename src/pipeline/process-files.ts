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

  async processFile(file: string): Promise<FileResult> {
    const diagnostics: Diagnostic[] = [];
    const { window } = this.options;
    const acc = this.acc;
    const stats = await readInputFile(
      file,
      {
        record(r: ActivityRecord) {
          if (!inWindow(window, r.timeMs)) {
            acc.filtered();
            return;
          }
          acc.add(r, attributeRecord(r), mapOperation(r));
        },
        diagnostic(d: Diagnostic) {
          diagnostics.push(d);
        },
      },
      this.options.read,
    );
    return { stats, diagnostics };
  }

  finish(): UsagePartial {
    return this.acc.partial;
  }
}
