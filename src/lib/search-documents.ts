/**
 * What each searchable kind indexes, and with what weight. Kept beside the tokenizer,
 * not in the owning module, because the migration that fills a search table uses the
 * same function as the service that keeps it current.
 *
 * @example
 *   productSearchDocument({ title: '保湿面霜', description: '…', categoryNames: ['美妆个护', 'Beauty & personal care'], shopName: '小林美妆' })
 */
import { searchDocument, type SearchDocument } from './search-text.js';

export interface ProductSearchSource {
  title: string;
  description: string;
  categoryNames: string[];
  shopName: string;
}

/** Title first, then the names around it; the description counts least and is left out of typo matching. */
export function productSearchDocument(p: ProductSearchSource): SearchDocument {
  return searchDocument([
    { text: p.title, weight: 'A' },
    { text: [...p.categoryNames, p.shopName].join(' '), weight: 'B' },
    { text: p.description, weight: 'C' },
  ]);
}
