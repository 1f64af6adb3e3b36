/**
 * The Node progress line of `fit({ verbose: 1 })`, in Keras's format:
 *   Epoch 1/10
 *   1125/1125 [==============================] - 3s 2ms/step - loss: 0.8123 - val_loss: 0.9001
 * On a terminal the bar moves during the epoch; elsewhere (a log file, a
 * pipe) the line is written once, when the epoch ends. Browsers get no
 * output: pages use callbacks.
 */
import type { Logs } from './history.js';

/** What writes the progress: Node's stdout, or nothing in a browser. */
interface Sink {
  write(text: string): void;
  tty: boolean;
}

function nodeStdout(): Sink | null {
  const g = globalThis as { process?: { versions?: { node?: string }; stdout?: { write(text: string): unknown; isTTY?: boolean } }; window?: unknown };
  const stdout = g.process?.versions?.node && !g.window ? g.process.stdout : undefined;
  return stdout ? { write: (text) => void stdout.write(text), tty: !!stdout.isTTY } : null;
}

const WIDTH = 30;

function bar(done: number, total: number): string {
  const filled = total ? Math.floor((WIDTH * done) / total) : WIDTH;
  if (filled >= WIDTH) return '='.repeat(WIDTH);
  return `${'='.repeat(Math.max(0, filled - 1))}>${'.'.repeat(WIDTH - Math.max(filled, 1))}`;
}

function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)}s` : `${Math.round(ms)}ms`;
}

/** @internal One epoch's progress output. */
export interface Progress {
  batch(done: number): void;
  /** The epoch's line, with its logs and how long it took. */
  end(logs: Logs, ms: number): void;
}

/**
 * @internal The progress output of one epoch for `verbose` (0: none; 1: the
 * bar; 2: one line per epoch without the bar), or a silent one outside Node.
 *
 * @example
 * ```ts
 * const progress = epochProgress(1, epoch, epochs, batches);
 * progress.batch(10);
 * progress.end({ loss: 0.42 }, 1830);
 * ```
 */
export function epochProgress(verbose: number, epoch: number, epochs: number, batches: number, sink: Sink | null = nodeStdout()): Progress {
  if (!sink || verbose === 0) return { batch: () => undefined, end: () => undefined };
  const counter = `${batches}/${batches}`.length;
  const head = (done: number) => `${String(done).padStart(counter - String(batches).length - 1)}/${batches}`;
  let shown = -1;
  sink.write(`Epoch ${epoch + 1}/${epochs}\n`);
  return {
    batch(done) {
      // About 100 redraws an epoch, on a terminal only.
      if (verbose !== 1 || !sink.tty || Math.floor((100 * done) / batches) === shown) return;
      shown = Math.floor((100 * done) / batches);
      sink.write(`\r${head(done)} [${bar(done, batches)}]`);
    },
    end(logs, ms) {
      const values = Object.entries(logs).map(([key, value]) => ` - ${key}: ${value.toFixed(4)}`).join('');
      const perStep = `${duration(ms / Math.max(batches, 1))}/step`;
      const line = verbose === 1 ? `${head(batches)} [${bar(batches, batches)}] - ${duration(ms)} ${perStep}` : `${duration(ms)} - ${perStep}`;
      sink.write(`${verbose === 1 && sink.tty ? '\r' : ''}${line}${values}\n`);
    },
  };
}
