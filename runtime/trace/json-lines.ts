// The trace file format: one JSON object per line (TraceEvent, keys in a fixed order), written
// through a file stream in batches. Lines are deterministic (no timestamps), so two runs of
// the same packets give the same file and `p4ts diff` can compare them line by line.

import { createWriteStream, type WriteStream } from 'node:fs';
import { EventTraceSink, type TraceEvent } from './trace-sink.js';

const BATCH_CHARS = 64 * 1024;

export class JsonLinesTraceSink extends EventTraceSink {
  readonly path: string;
  private readonly stream: WriteStream;
  private batch = '';
  private error: Error | undefined;
  private closed = false;
  /** Events written so far. */
  count = 0;

  constructor(path: string) {
    super();
    this.path = path;
    this.stream = createWriteStream(path);
    this.stream.on('error', (e) => {
      this.error ??= e;
    });
  }

  protected emit(e: TraceEvent): void {
    if (this.closed) return;
    this.batch += JSON.stringify(e) + '\n';
    this.count++;
    if (this.batch.length >= BATCH_CHARS) this.flush();
  }

  /** Hands the batched lines to the stream. */
  flush(): void {
    if (this.batch.length === 0) return;
    this.stream.write(this.batch);
    this.batch = '';
  }

  /** Flushes and closes the file; resolves with the first I/O error, if any. */
  close(): Promise<Error | undefined> {
    if (this.closed) return Promise.resolve(this.error);
    this.flush();
    this.closed = true;
    return new Promise((resolve) => {
      this.stream.end(() => resolve(this.error));
      this.stream.once('error', () => resolve(this.error));
    });
  }
}

/** Parses a trace file's text back into events; a bad line is reported with its number. */
export function parseJsonLines(text: string): { events: TraceEvent[]; badLines: number[] } {
  const events: TraceEvent[] = [];
  const badLines: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    try {
      const v: unknown = JSON.parse(line);
      if (v !== null && typeof v === 'object' && 'event' in v && 'pkt' in v && 'copy' in v)
        events.push(v as TraceEvent);
      else badLines.push(i + 1);
    } catch {
      badLines.push(i + 1);
    }
  }
  return { events, badLines };
}
