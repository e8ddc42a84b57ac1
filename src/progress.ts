/**
 * Library stages report progress as plain events; only the CLI turns them into bars.
 * `done` counts finished items of `total` for one stage.
 */
export interface ProgressEvent {
  stage: string;
  done: number;
  total: number;
  /** What `done` alone hides, e.g. how many candidates were rejected and why: a run that keeps nothing says so. */
  detail?: string;
}

export type OnProgress = (event: ProgressEvent) => void;
