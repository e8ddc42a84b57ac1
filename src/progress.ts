/**
 * Library stages report progress as plain events; only the CLI turns them into bars.
 * `done` counts finished items of `total` for one stage.
 */
export interface ProgressEvent {
  stage: string;
  done: number;
  total: number;
}

export type OnProgress = (event: ProgressEvent) => void;
