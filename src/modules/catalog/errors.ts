import { validationFailed, type FieldProblem } from '../../lib/errors.js';
import { operatorsErrors } from '../operators/index.js';

export const catalogErrors = {
  operatorNotApproved: () => operatorsErrors.notApproved('Only an approved shop can list products'),
  unknownCategory: (path: string) => validationFailed([{ path, message: 'is not a category (GET /categories)' }]),
  invalidSkus: (problems: FieldProblem[]) => validationFailed(problems, 'The SKUs break the group-buy or bargain rules'),
  unknownItem: (path: string) => validationFailed([{ path, message: 'is not one of this product’s' }]),
  repeatedItem: (path: string) => validationFailed([{ path, message: 'appears more than once' }]),
};
