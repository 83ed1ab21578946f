/**
 * The web app's texts as the app holds them once every part is loaded: zh-CN comes in two
 * parts, the first bundle's and the rest (web/src/app/i18n.ts `loadAllTexts`), each feature's
 * section in one of them; English is one. Read at run time: the web app's sources follow its
 * own tsconfig, not the server's.
 */
export async function webTexts(): Promise<{ zhCN: Record<string, unknown>; en: Record<string, unknown> }> {
  const locales = new URL('../../web/src/app/locales/', import.meta.url).href;
  const [{ zhCN }, { zhCNMore }, { en }] = await Promise.all([
    import(/* @vite-ignore */ `${locales}zh-CN.ts`),
    import(/* @vite-ignore */ `${locales}zh-CN-more.ts`),
    import(/* @vite-ignore */ `${locales}en.ts`),
  ]);
  return { zhCN: { ...zhCN, ...zhCNMore }, en };
}
