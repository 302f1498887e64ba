import net from 'node:net';

/** A port another process holds; the message names the variable that moves ours. */
export class PortTakenError extends Error {}

/**
 * Fails with the variable to change when `port` on `host` is taken. Checked before the slow parts
 * start (the embedded database, migrations), so a taken port is reported at once; the listen
 * itself still reports a port taken in between.
 */
export function assertPortFree(port: number, host: string, variable: string, what = 'The API port'): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? portTaken(port, host, variable, what) : error),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export function portTaken(port: number, host: string, variable: string, what = 'The API port'): PortTakenError {
  return new PortTakenError(
    `${what} ${port} on ${host} is taken: stop what uses it, or set ${variable} to a free port (e.g. ${variable}=${port + 1}).`,
  );
}
