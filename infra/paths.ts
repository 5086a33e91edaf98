import { fileURLToPath } from 'node:url';

/** The repository root: esbuild resolves entries, node_modules and the lock file from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A path inside the repository, from a repository-relative one such as `functions/authorizer.ts`. */
export function projectPath(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}
