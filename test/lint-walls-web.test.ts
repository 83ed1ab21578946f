/**
 * The web walls in eslint.config.js ("web-walls/*") fire: each rule is shown a deliberate
 * violation, which must be reported, and an allowed import next to it, which must not.
 * The code is linted in memory under a made-up path, so no file in web/ has to break.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

let eslint: ESLint;

/** The messages of `rules` (the import walls unless told) for `code` as if it were the file at `filePath`. */
async function walls(filePath: string, code: string, rules: readonly string[] = ['no-restricted-imports']): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  expect(result, filePath).toBeDefined();
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal, 'the snippet parses').toEqual([]);
  return result!.messages.filter((m) => m.ruleId !== null && rules.includes(m.ruleId)).map((m) => m.message);
}

const use = (name: string) => `\nexport const used = ${name};\n`;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

describe('web wall: a page imports no other page', () => {
  const page = 'web/src/features/orders/pages/ExamplePage.tsx';

  it('fires on a sibling page', async () => {
    expect(await walls(page, `import { OrderPage } from './OrderPage';${use('OrderPage')}`)).toEqual([expect.stringContaining('may not import another page')]);
  });

  it("fires on another feature's page", async () => {
    expect(await walls(page, `import { ProductPage } from '../../catalog/pages/ProductPage';${use('ProductPage')}`)).toEqual([expect.stringContaining('A page is a leaf')]);
  });

  it('allows components, ui and the api modules of features', async () => {
    const code = [
      "import { PaySheet } from '../components/PaySheet';",
      "import { OrderDispute } from '../../disputes/components/OrderDispute';",
      "import { Loading } from '../../../ui/Loading';",
      "import { ordersApi } from '../api';",
      "import { walletApi } from '../../wallet/api';",
      "import { call } from '../../../api/client';",
      'export const used = [PaySheet, OrderDispute, Loading, ordersApi, walletApi, call];',
    ].join('\n');
    expect(await walls(page, code)).toEqual([]);
  });
});

describe('web wall: a component imports no page', () => {
  const component = 'web/src/features/orders/components/Example.tsx';

  it('fires on a page of its own feature', async () => {
    expect(await walls(component, `import { CheckoutPage } from '../pages/CheckoutPage';${use('CheckoutPage')}`)).toEqual([expect.stringContaining('A page is a leaf')]);
  });

  it("fires on another feature's page", async () => {
    expect(await walls(component, `import { DisputePage } from '../../disputes/pages/DisputePage';${use('DisputePage')}`)).toEqual([expect.stringContaining('A page is a leaf')]);
  });

  it('allows sibling components and ui', async () => {
    const code = ["import { AddressPicker } from './AddressPicker';", "import { Field } from '../../../ui/Field';", 'export const used = [AddressPicker, Field];'].join('\n');
    expect(await walls(component, code)).toEqual([]);
  });
});

describe('web wall: ui/ imports no page and no feature', () => {
  const ui = 'web/src/ui/Example.tsx';

  it('fires on a page', async () => {
    expect(await walls(ui, `import { NotFoundPage } from '../app/pages/NotFoundPage';${use('NotFoundPage')}`)).toEqual([expect.stringContaining('A page is a leaf')]);
  });

  it('fires on a feature', async () => {
    expect(await walls(ui, `import { NoteCard } from '../features/social/components/NoteCard';${use('NoteCard')}`)).toEqual([expect.stringContaining('may not import a feature')]);
  });

  it('allows other ui pieces, api/ and lib/', async () => {
    const code = ["import { Notice } from './Notice';", "import { ApiError } from '../api/client';", "import { formatFen } from '../lib/money';", 'export const used = [Notice, ApiError, formatFen];'].join('\n');
    expect(await walls(ui, code)).toEqual([]);
  });
});

describe('the web walls leave other files alone', () => {
  it('the app shell may import pages', async () => {
    expect(await walls('web/src/app/Example.tsx', `import { HomePage } from '../features/social/pages/HomePage';${use('HomePage')}`)).toEqual([]);
  });
});

describe('web wall: requests go through the typed client, never fetch', () => {
  const FETCH_RULES = ['no-restricted-globals', 'no-restricted-properties'];
  const fetchWall = (filePath: string, code: string) => walls(filePath, code, FETCH_RULES);
  const feature = 'web/src/features/orders/components/Example.tsx';

  it('fires on fetch in a feature', async () => {
    expect(await fetchWall(feature, "export const load = () => fetch('/api/v1/orders');\n")).toEqual([expect.stringContaining('typed client')]);
  });

  it('fires on window.fetch, globalThis.fetch and self.fetch', async () => {
    const code = [
      "export const a = () => window.fetch('/api/v1/me');",
      "export const b = () => globalThis.fetch('/api/v1/me');",
      "export const c = () => self.fetch('/api/v1/me');",
    ].join('\n');
    expect(await fetchWall(feature, code)).toEqual([expect.stringContaining('typed client'), expect.stringContaining('typed client'), expect.stringContaining('typed client')]);
  });

  it('fires in ui/, app/ and lib/ too', async () => {
    const code = "export const load = () => fetch('/api/v1/me');\n";
    for (const file of ['web/src/ui/Example.tsx', 'web/src/app/Example.tsx', 'web/src/lib/example.ts']) {
      expect(await fetchWall(file, code), file).toEqual([expect.stringContaining('typed client')]);
    }
  });

  it('allows the typed client and methods merely named fetch…', async () => {
    const code = [
      "import { call, client } from '../../../api/client';",
      "import type { QueryClient } from '@tanstack/react-query';",
      "export const order = (id: string) => call(client.GET('/orders/{id}', { params: { path: { id } } }));",
      "export const warm = (queryClient: QueryClient) => queryClient.fetchQuery({ queryKey: ['me'], queryFn: () => null });",
      'export const again = (query: { refetch: () => void }) => query.refetch();',
    ].join('\n');
    expect(await fetchWall(feature, code)).toEqual([]);
  });

  it('allows fetch inside web/src/api/, where the client lives', async () => {
    expect(await fetchWall('web/src/api/Example.ts', "export const raw = () => fetch('/api/v1/openapi.json');\n")).toEqual([]);
  });
});
