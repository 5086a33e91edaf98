import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functionEntries } from '../../infra/function-entries.ts';
import { projectPath } from '../../infra/paths.ts';
import { HTTP_FUNCTIONS } from '../../shared/http/route-definition.ts';

/**
 * The import graph as esbuild resolves it when it bundles a function: what each entry point
 * reaches, our modules by project path, packages by name (left external, so each is one edge).
 */
async function reach(entryPoints: string[]): Promise<Map<string, { modules: string[]; packages: string[] }>> {
  const { metafile } = await build({ entryPoints, bundle: true, write: false, metafile: true, outdir: '/nowhere', outbase: projectPath('.'), platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
  return reachable(metafile);
}

function reachable(metafile: Metafile) {
  const byEntry = new Map<string, { modules: string[]; packages: string[] }>();
  for (const output of Object.values(metafile.outputs)) {
    if (!output.entryPoint) continue;
    const modules = Object.keys(output.inputs).map((p) => relative(projectPath('.'), projectPath(p)));
    const packages = [...new Set(modules.flatMap((m) => metafile.inputs[m]?.imports.filter((i) => i.external).map((i) => i.path) ?? []))];
    byEntry.set(relative(projectPath('.'), projectPath(output.entryPoint)), { modules, packages });
  }
  return byEntry;
}

const filesUnder = (dir: string): string[] =>
  readdirSync(projectPath(dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

describe('the layers hold in the import graph', () => {
  it('the domain owns its model: shared/domain and shared/model reach nothing of HTTP, storage, services, clients or AWS', async () => {
    const graph = await reach([...filesUnder('shared/domain'), ...filesUnder('shared/model')].map((f) => projectPath(f)));
    expect(graph.size).toBeGreaterThan(20);
    for (const [entry, { modules, packages }] of graph) {
      expect(modules.filter((m) => !/^shared\/(domain|model)\//.test(m)), entry).toEqual([]);
      // zod for the model's schemas, node:crypto for hashes and ids: nothing that talks to AWS.
      expect(packages.filter((p) => !/^(zod(\/|$)|node:)/.test(p)), entry).toEqual([]);
    }
  });

  it('each HTTP function reaches its own route file and no other, and never the whole route table', async () => {
    const entries = functionEntries();
    const graph = await reach(entries.map((e) => e.entry));
    for (const { name, entry } of entries) {
      const { modules } = graph.get(relative(projectPath('.'), entry))!;
      const routeFiles = modules.filter((m) => m.startsWith('shared/http/routes'));
      const own = (HTTP_FUNCTIONS as readonly string[]).includes(name) ? [`shared/http/routes/${name}.ts`] : [];
      expect(routeFiles, name).toEqual(own);
      expect(modules, name).not.toContain('shared/http/openapi.ts');
    }
  });

  it('TEN-3 CON-1 only the functions that sign or check public links reach the link-signing key', async () => {
    const entries = functionEntries();
    const graph = await reach(entries.map((e) => e.entry));
    const signers = entries.filter(({ entry }) => graph.get(relative(projectPath('.'), entry))!.modules.includes('shared/clients/link-signing-key.ts')).map((e) => e.name);
    // The same five are granted the link-signing secret (test/infra/personal-data.test.ts).
    expect(signers.sort()).toEqual(['consent-links', 'consents', 'export-links', 'privacy-request-intake', 'privacy-requests']);
  });
});
