/** Why a dump could not be read; each code maps to one clear line for the user. */
export type DumpErrorCode = 'ENOENT' | 'NOT_JSON' | 'WRONG_SHAPE' | 'EMPTY' | 'TOO_LARGE' | 'UNREADABLE';

/** A dump file that cannot be analysed. `message` is one line naming the file and the fix. */
export class DumpError extends Error {
  override readonly name = 'DumpError';
  constructor(
    readonly code: DumpErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}
