/**
 * A failure at start that the operator fixes with one setting: its message says what went wrong,
 * `setting` names what to change. `k8s-diagnose start` prints it as one line and exits 1.
 */
export class StartError extends Error {
  readonly code = 'START_FAILED';
  constructor(
    readonly setting: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
