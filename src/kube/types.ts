/** Reads container logs; `src/kube/podLogs.ts` implements it over the API, tests over the fake. */
export interface LogReader {
  /**
   * The last `tailLines` lines of a container's log, at most `limitBytes` of them; `previous` reads the last terminated
   * instance (what crashed). Resolves to '' when there is no such log, never throws for that.
   */
  readLog(request: {
    namespace: string;
    pod: string;
    container: string;
    previous: boolean;
    tailLines: number;
    /** Bytes read at most, from the first of those lines on: one huge line must not be fetched whole. */
    limitBytes: number;
  }): Promise<string>;
}
