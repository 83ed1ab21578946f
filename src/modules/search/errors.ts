import { AppError } from '../../http/errors.js';

export const searchErrors = {
  typeUnavailable: (type: string) => new AppError(400, 'SEARCH_TYPE_UNAVAILABLE', `Searching ${type} is not available yet`),
};
