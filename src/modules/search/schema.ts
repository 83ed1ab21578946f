import { Type } from 'typebox';
import { PageQuery, Query } from '../../http/schemas.js';

export const SearchQuery = Query({
  q: Type.String({ minLength: 1, maxLength: 100, description: 'Chinese, English or both; typos of one character are forgiven' }),
  type: Type.Union([Type.Literal('products'), Type.Literal('notes')], { description: 'what to search: products or notes' }),
  ...PageQuery,
});
