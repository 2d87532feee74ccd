/** `k8s-diagnose analyze | head`: a reader that stops early is not an error, so exit 0 quietly. */
export function exitQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}
