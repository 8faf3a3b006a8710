import { logger } from './logger.ts';

/**
 * What every entry point does with its process: SIGTERM/SIGINT run `close`
 * (a graceful drain) and exit 0, or 1 when closing failed; a promise nobody
 * handled is logged rather than allowed to take the whole API down.
 */
export function exitOnSignals(name: string, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    // A second signal (Ctrl-C during a SIGTERM drain) must not close everything twice: the drain goes on.
    if (stopping) return void logger.info({ server: name, signal }, 'already draining');
    stopping = true;
    logger.info({ server: name, signal }, 'draining, then stopping');
    close().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error({ err: error, server: name }, 'did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.on('unhandledRejection', (reason) => logger.error({ err: reason, server: name }, 'unhandled promise rejection'));
}
