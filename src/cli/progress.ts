import cliProgress from 'cli-progress';
import type { OnProgress } from '../progress.js';

/**
 * One bar per stage on stderr when it is a terminal; silent otherwise (CI logs and pipes
 * stay clean). Returns the callback for library calls and a `stop` for the end of the run.
 */
export function progressBars(enabled = Boolean(process.stderr.isTTY)): { onProgress: OnProgress; stop: () => void } {
  if (!enabled) return { onProgress: () => undefined, stop: () => undefined };
  const multi = new cliProgress.MultiBar(
    { stream: process.stderr, format: ' {stage} |{bar}| {value}/{total}', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    onProgress: ({ stage, done, total }) => {
      let bar = bars.get(stage);
      if (!bar) {
        bar = multi.create(total, 0, { stage: stage.padEnd(10) });
        bars.set(stage, bar);
      }
      bar.setTotal(total);
      bar.update(done, { stage: stage.padEnd(10) });
    },
    stop: () => multi.stop(),
  };
}
