import { AppError, validationFailed, type FieldProblem } from '../../lib/errors.js';

export const catalogErrors = {
  operatorNotApproved: () => new AppError('forbidden', 'OPERATOR_NOT_APPROVED', 'Only an approved shop can list products'),
  unknownCategory: (path: string) => validationFailed([{ path, message: 'is not a category (GET /categories)' }]),
  invalidSkus: (problems: FieldProblem[]) => validationFailed(problems, 'The SKUs break the group-buy or bargain rules'),
  unknownItem: (path: string) => validationFailed([{ path, message: 'is not one of this product’s' }]),
  repeatedItem: (path: string) => validationFailed([{ path, message: 'appears more than once' }]),
};
