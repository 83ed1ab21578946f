import { Type } from 'typebox';
import { PageQuery, Query } from '../../http/schemas.js';

export const SearchQuery = Query({
  q: Type.String({ minLength: 1, maxLength: 100, description: 'Chinese, English or both; typos of one character are forgiven' }),
  type: Type.Union([Type.Literal('products'), Type.Literal('notes')], { description: 'notes: 400 SEARCH_TYPE_UNAVAILABLE until notes exist' }),
  ...PageQuery,
});
