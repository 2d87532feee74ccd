/** Stable codes of the diagnosis stage's errors; logs and metrics carry the code. */
export type DiagnoseErrorCode =
  | 'PROMPT_TEMPLATE_INVALID'
  | 'LLM_TIMEOUT'
  | 'LLM_RATE_LIMITED'
  | 'LLM_LIMIT_REACHED'
  | 'LLM_SERVER'
  | 'LLM_NETWORK'
  | 'LLM_AUTH'
  | 'LLM_BAD_REQUEST'
  | 'LLM_FORMAT_UNSUPPORTED'
  | 'LLM_TOOLS_UNSUPPORTED'
  | 'LLM_INVALID_ANSWER';

/** An error of the diagnosis stage, with a stable `code`. */
export class DiagnoseError extends Error {
  override readonly name = 'DiagnoseError';
  constructor(
    readonly code: DiagnoseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
