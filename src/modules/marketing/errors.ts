import { operatorsErrors } from '../operators/index.js';

/** The marketing module's coded errors. */
export const marketingErrors = {
  notApproved: () => operatorsErrors.notApproved(),
};
