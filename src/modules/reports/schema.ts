import { Type } from 'typebox';
import { Query } from '../../http/schemas.js';
import { DAY_PATTERN } from '../../lib/period.js';

const Count = Type.Integer({ minimum: 0 });

export const SummaryQuery = Query({
  from: Type.String({ maxLength: 10, pattern: DAY_PATTERN, description: 'first day, YYYY-MM-DD (UTC), inclusive' }),
  to: Type.String({ maxLength: 10, pattern: DAY_PATTERN, description: 'last day, YYYY-MM-DD (UTC), inclusive; at most 366 days after from' }),
});

export const Summary = Type.Object({
  from: Type.String(),
  to: Type.String(),
  gmv: Type.Integer({ description: 'fen: totals of orders paid in the period and not cancelled or refunded' }),
  orders: Type.Integer({ minimum: 0, description: 'orders paid in the period and not cancelled or refunded' }),
  buyers: Type.Integer({ minimum: 0, description: 'distinct buyers of those orders' }),
  groupBuysCompleted: Count,
  disputesOpened: Count,
  disputesResolved: Type.Integer({ minimum: 0, description: 'cases resolved (accepted or ruled) in the period; withdrawn ones are not' }),
  medianResolutionHours: Type.Union([Type.Number(), Type.Null()], { description: 'median hours from opening to resolution of the cases resolved in the period' }),
  shareDisputed: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description: 'orders with a case opened in the period ÷ orders paid in the period (all, whatever became of them)' }),
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      gmv: Type.Integer(),
      orders: Count,
      groupBuysCompleted: Count,
      disputesOpened: Count,
      disputesResolved: Count,
    }),
  ),
});
