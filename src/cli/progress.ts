import cliProgress from 'cli-progress';
import type { OnProgress, ProgressEvent } from '../progress.js';

/**
 * Progress on stderr, in one of two forms:
 * - on a terminal, one bar per stage with the count, elapsed time, rate and ETA;
 * - otherwise (CI, nohup, logs, pipes) plain lines: every `LINE_INTERVAL_MS` the stage that
 *   is running prints where it is, and a stage that printed prints once more when it ends.
 *   A run or stage shorter than the interval prints nothing, so short runs stay clean.
 * Returns the callback for library calls and a `stop` for the end of the run.
 */
export const LINE_INTERVAL_MS = 10_000;

export type ProgressMode = 'bars' | 'lines' | 'off';

export interface ProgressReporter {
  onProgress: OnProgress;
  stop: () => void;
}

export const PROGRESS_MODES: readonly ProgressMode[] = ['bars', 'lines', 'off'];

/**
 * Bars on a terminal, lines when stderr is piped, nothing for `--json`; the environment
 * variable `RAGSET_PROGRESS` (bars, lines or off) overrides the choice (the test suite
 * sets it to off, so a slow run on a busy machine does not print into captured stderr).
 */
export function progressMode(options: { json: boolean; tty?: boolean; env?: Readonly<Record<string, string | undefined>> }): ProgressMode {
  const chosen = (options.env ?? process.env).RAGSET_PROGRESS?.trim().toLowerCase();
  if (chosen && (PROGRESS_MODES as readonly string[]).includes(chosen)) return chosen as ProgressMode;
  if (options.json) return 'off';
  return (options.tty ?? Boolean(process.stderr.isTTY)) ? 'bars' : 'lines';
}

export function progressReporter(mode: ProgressMode, write: (text: string) => void = (text) => void process.stderr.write(text)): ProgressReporter {
  if (mode === 'bars') return progressBars();
  if (mode === 'lines') return progressLines(write);
  return { onProgress: () => undefined, stop: () => undefined };
}

function progressBars(): ProgressReporter {
  const multi = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: ' {stage} |{bar}| {value}/{total} | {duration_formatted} elapsed | {rate}/s | ETA {eta_formatted}{detail}',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, { bar: cliProgress.SingleBar; started: number }>();
  return {
    onProgress: ({ stage, done, total, detail }) => {
      let entry = bars.get(stage);
      if (!entry) {
        entry = { bar: multi.create(total, 0, { stage: stage.padEnd(10), rate: '0.0', detail: '' }), started: Date.now() };
        bars.set(stage, entry);
      }
      entry.bar.setTotal(total);
      entry.bar.update(done, { stage: stage.padEnd(10), rate: ratePerSecond(done, Date.now() - entry.started), detail: detail ? ` | ${detail}` : '' });
    },
    stop: () => multi.stop(),
  };
}

function ratePerSecond(done: number, elapsedMs: number): string {
  return elapsedMs > 0 ? ((done * 1000) / elapsedMs).toFixed(1) : '0.0';
}

function seconds(ms: number): string {
  const total = Math.round(ms / 1000);
  return total < 60 ? `${total} s` : `${Math.floor(total / 60)} min ${total % 60} s`;
}

/** `ragset: extract 120/400 (30 %), 12.0/s, 10 s elapsed, ETA 23 s`, then the event's detail after ` · `. */
export function progressLine(event: ProgressEvent, elapsedMs: number): string {
  const { stage, done, total, detail } = event;
  const percent = total > 0 ? ` (${Math.floor((done * 100) / total)} %)` : '';
  const rate = done / Math.max(elapsedMs / 1000, 0.001);
  const eta = done > 0 && total > done ? `, ETA ${seconds(((total - done) / rate) * 1000)}` : '';
  const finished = total > 0 && done >= total ? ', done' : '';
  return `ragset: ${stage} ${done}/${total}${percent}, ${rate.toFixed(1)}/s, ${seconds(elapsedMs)} elapsed${eta}${finished}${detail ? ` · ${detail}` : ''}\n`;
}

function progressLines(write: (text: string) => void): ProgressReporter {
  const stages = new Map<string, { last: ProgressEvent; started: number; printed: boolean; ended: boolean }>();
  let current: string | undefined;
  const print = (stage: string) => {
    const entry = stages.get(stage);
    if (!entry) return;
    entry.printed = true;
    write(progressLine(entry.last, Date.now() - entry.started));
  };
  const timer = setInterval(() => {
    const entry = current === undefined ? undefined : stages.get(current);
    if (current !== undefined && entry && !entry.ended) print(current);
  }, LINE_INTERVAL_MS);
  timer.unref();
  return {
    onProgress: (event) => {
      let entry = stages.get(event.stage);
      if (!entry) {
        entry = { last: event, started: Date.now(), printed: false, ended: false };
        stages.set(event.stage, entry);
      }
      entry.last = event;
      current = event.stage;
      const ended = event.total > 0 && event.done >= event.total;
      if (ended && !entry.ended) {
        entry.ended = true;
        if (entry.printed) print(event.stage);
      } else if (!ended) {
        entry.ended = false;
      }
    },
    stop: () => clearInterval(timer),
  };
}
