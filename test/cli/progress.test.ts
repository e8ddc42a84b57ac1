import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LINE_INTERVAL_MS, progressLine, progressMode, progressReporter } from '../../src/cli/progress.js';

describe('progress on stderr', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('chooses bars on a terminal, lines when piped, nothing for --json', () => {
    const env = {};
    expect(progressMode({ json: false, tty: true, env })).toBe('bars');
    expect(progressMode({ json: false, tty: false, env })).toBe('lines');
    expect(progressMode({ json: true, tty: false, env })).toBe('off');
    expect(progressMode({ json: false, tty: true, env: { RAGSET_PROGRESS: 'lines' } })).toBe('lines');
    expect(progressMode({ json: false, tty: false, env: { RAGSET_PROGRESS: 'off' } })).toBe('off');
  });

  it('piped: a line for the running stage at least every 10 s, even when no event comes, and one when it ends', () => {
    const lines: string[] = [];
    const progress = progressReporter('lines', (text) => void lines.push(text));
    progress.onProgress({ stage: 'extract', done: 0, total: 40 });
    vi.advanceTimersByTime(LINE_INTERVAL_MS - 1);
    expect(lines).toEqual([]);
    progress.onProgress({ stage: 'extract', done: 10, total: 40 });
    vi.advanceTimersByTime(1);
    expect(lines).toEqual(['ragset: extract 10/40 (25 %), 1.0/s, 10 s elapsed, ETA 30 s\n']);
    // A stalled stage (one slow request) still reports.
    vi.advanceTimersByTime(LINE_INTERVAL_MS);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^ragset: extract 10\/40 \(25 %\), 0\.5\/s, 20 s elapsed, ETA 1 min 0 s\n$/);
    progress.onProgress({ stage: 'extract', done: 40, total: 40 });
    expect(lines[2]).toMatch(/^ragset: extract 40\/40 \(100 %\), 2\.0\/s, 20 s elapsed, done\n$/);
    progress.stop();
    vi.advanceTimersByTime(LINE_INTERVAL_MS * 3);
    expect(lines).toHaveLength(3);
  });

  it('piped: a stage shorter than the interval prints nothing', () => {
    const lines: string[] = [];
    const progress = progressReporter('lines', (text) => void lines.push(text));
    progress.onProgress({ stage: 'embed', done: 0, total: 5 });
    vi.advanceTimersByTime(2000);
    progress.onProgress({ stage: 'embed', done: 5, total: 5 });
    vi.advanceTimersByTime(LINE_INTERVAL_MS * 2);
    progress.stop();
    expect(lines).toEqual([]);
  });

  it('formats elapsed time, rate and ETA', () => {
    expect(progressLine({ stage: 'synthesize', done: 30, total: 100 }, 60_000)).toBe('ragset: synthesize 30/100 (30 %), 0.5/s, 1 min 0 s elapsed, ETA 2 min 20 s\n');
  });

  it('appends the detail, so a stage that keeps nothing says why', () => {
    const event = { stage: 'synthesize', done: 0, total: 6, detail: '9 candidates judged, 9 rejected (ungrounded 6, unanswerable 3)' };
    expect(progressLine(event, 120_000)).toBe('ragset: synthesize 0/6 (0 %), 0.0/s, 2 min 0 s elapsed · 9 candidates judged, 9 rejected (ungrounded 6, unanswerable 3)\n');
  });
});
