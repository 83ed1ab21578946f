/**
 * The walls between layers are ESLint rules (eslint.config.js, "Walls between layers"):
 * each one is shown to fire on a deliberate violation and to let an allowed import
 * through, so a config edit that silently drops a wall fails here. The code is linted
 * as if it lived at `filePath` (nothing is written), with the project's own config.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The no-restricted-imports messages `code` earns at `filePath` (relative to the repository). */
async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** One use of the import, so no other rule (unused variables) has anything to say. */
const importing = (specifier: string) => `import type { Thing } from '${specifier}';\nexport type Used = Thing;\n`;

describe('wall http ↛ db: hooks reach storage through modules', () => {
  it('fires on src/http/ importing src/db/', async () => {
    const messages = await restrictedImports('src/http/probe.ts', importing('../db/index.js'));
    expect(messages).toEqual([expect.stringContaining('src/http/ holds hooks only')]);
  });

  it('fires on src/http/ importing the composed schema (src/database.ts)', async () => {
    const messages = await restrictedImports('src/http/probe.ts', importing('../database.js'));
    expect(messages).toEqual([expect.stringContaining('src/http/ holds hooks only')]);
  });

  it("fires on src/http/ importing a module's inside (its repo)", async () => {
    const messages = await restrictedImports('src/http/probe.ts', importing('../modules/idempotency/repo.js'));
    expect(messages).toEqual([expect.stringContaining('only through its index.ts')]);
  });

  it("lets src/http/ import a module's index and lib/", async () => {
    expect(await restrictedImports('src/http/probe.ts', importing('../modules/idempotency/index.js'))).toEqual([]);
    expect(await restrictedImports('src/http/probe.ts', importing('../lib/errors.js'))).toEqual([]);
  });
});

describe('wall db ↛ modules: the schema is composed above db/', () => {
  for (const specifier of ['../modules/orders/tables.js', '../modules/orders/index.js', '../workflows/pay-order.js', '../demo/seed.js', '../http/idempotency.js']) {
    it(`fires on src/db/ importing ${specifier}`, async () => {
      const messages = await restrictedImports('src/db/probe.ts', importing(specifier));
      expect(messages).toEqual([expect.stringContaining('src/db/ imports no module')]);
    });
  }

  it('fires on a migration importing a module', async () => {
    const messages = await restrictedImports('src/db/migrations/9999_probe.ts', importing('../../modules/catalog/index.js'));
    expect(messages).toEqual([expect.stringContaining('src/db/ imports no module')]);
  });

  it('fires on src/db/ importing the files that compose the app (database.ts, context.ts)', async () => {
    expect(await restrictedImports('src/db/probe.ts', importing('../database.js'))).toEqual([expect.stringContaining('src/db/ sits below')]);
    expect(await restrictedImports('src/db/probe.ts', importing('../context.js'))).toEqual([expect.stringContaining('src/db/ sits below')]);
  });

  it('lets src/db/ import its own files and lib/', async () => {
    expect(await restrictedImports('src/db/probe.ts', importing('./index.js'))).toEqual([]);
    expect(await restrictedImports('src/db/migrations/9999_probe.ts', importing('../search.js'))).toEqual([]);
    expect(await restrictedImports('src/db/migrations/9999_probe.ts', importing('../../lib/search-documents.js'))).toEqual([]);
    // Packages are no layer of ours, whatever their name.
    expect(await restrictedImports('src/db/probe.ts', importing('node:http'))).toEqual([]);
    expect(await restrictedImports('src/db/probe.ts', importing('http'))).toEqual([]);
  });
});

describe('module boundaries (kept): a module is entered through its index.ts', () => {
  it("fires on a module importing another module's repo", async () => {
    const messages = await restrictedImports('src/modules/orders/probe.ts', importing('../ledger/repo.js'));
    expect(messages).toEqual([expect.stringContaining('only through its index.ts')]);
  });

  it("fires on a workflow importing a module's repo", async () => {
    const messages = await restrictedImports('src/workflows/probe.ts', importing('../modules/ledger/repo.js'));
    expect(messages).toEqual([expect.stringContaining('only through its index.ts')]);
  });

  it("lets a module import another module's index, its own files and the schema", async () => {
    expect(await restrictedImports('src/modules/orders/probe.ts', importing('../ledger/index.js'))).toEqual([]);
    expect(await restrictedImports('src/modules/orders/probe.ts', importing('./repo.js'))).toEqual([]);
    expect(await restrictedImports('src/modules/orders/probe.ts', importing('../../database.js'))).toEqual([]);
  });
});

describe('the tree as it is', () => {
  it('breaks no wall: src/http/ and src/db/ lint clean', async () => {
    const results = await eslint.lintFiles(['src/http/**/*.ts', 'src/db/**/*.ts']);
    const broken = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${path.relative(root, r.filePath)}: ${m.message}`));
    expect(results.length).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  }, 60_000);
});
