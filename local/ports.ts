import { createServer } from 'node:net';
import { freePort } from './processes.ts';

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The port from `variable` (0 = any), else `preferred` when free, else any free port. */
export async function choosePort(variable: string, preferred: number): Promise<number> {
  const wanted = process.env[variable] === undefined ? preferred : Number(process.env[variable]);
  if (wanted !== 0 && (await isFree(wanted))) return wanted;
  return freePort();
}
