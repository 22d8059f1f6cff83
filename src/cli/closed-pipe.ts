/**
 * `npm run simulator -- --help | head -3`: the reader closes the pipe early, and Node would throw EPIPE with a
 * stack trace. A command-line tool whose reader has gone simply stops.
 */
export function stopQuietlyWhenStdoutCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
