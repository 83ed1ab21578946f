/** The vocabulary English typos are corrected against (src/db/search.ts): every Latin word a search document holds. */
export interface SearchTables {
  search_words: { word: string };
}
