/**
 * What each searchable kind indexes, and with what weight. Kept beside the tokenizer,
 * not in the owning module, because the migration that fills a search table uses the
 * same function as the service that keeps it current.
 *
 * @example
 *   productSearchDocument({ title: '保湿面霜', description: '…', categoryNames: ['美妆个护', 'Beauty & personal care'], shopName: '小林美妆' })
 *   noteSearchDocument({ title: '面霜回购', body: '敏感肌也能用 #护肤', hashtags: ['护肤'], productTitles: ['保湿面霜 敏感肌'] })
 */
import { searchDocument, type SearchDocument } from './search-text.js';

export interface ProductSearchSource {
  title: string;
  description: string;
  categoryNames: string[];
  shopName: string;
}

/** Title first, then the names around it; the description counts least. */
export function productSearchDocument(p: ProductSearchSource): SearchDocument {
  return searchDocument([
    { text: p.title, weight: 'A' },
    { text: [...p.categoryNames, p.shopName].join(' '), weight: 'B' },
    { text: p.description, weight: 'C' },
  ]);
}

export interface NoteSearchSource {
  title: string;
  body: string;
  hashtags: string[];
  /** Titles of the products tagged on the note's images, so a note is found by what it shows. */
  productTitles: string[];
}

/** Title first, then what the author wrote; the tagged products' titles count least. */
export function noteSearchDocument(n: NoteSearchSource): SearchDocument {
  return searchDocument([
    { text: n.title, weight: 'A' },
    // Sorted: the same note gives the same document whatever order its rows were read in.
    { text: [n.body, ...[...n.hashtags].sort()].join(' '), weight: 'B' },
    { text: [...n.productTitles].sort().join(' '), weight: 'C' },
  ]);
}

/** What buyers wrote in a product's reviews (and follow-ups): found by it, counted least. */
export function reviewSearchDocument(texts: readonly string[]): SearchDocument {
  return searchDocument([{ text: texts.join(' '), weight: 'D' }]);
}
