import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Int64, MoneyView, problemResponses } from '@shopwire/service-kit';
import type { OrderDeps } from '../../deps';
import { MAX_REPORT_DAYS, salesReport, TOP_PRODUCTS } from '../../reports/sales-report';

const Day = Type.String({ format: 'date', maxLength: 10, description: 'a UTC calendar day, YYYY-MM-DD' });

const SalesQuery = Type.Object({ from: Day, to: Day }, { additionalProperties: false });

const SalesReportView = Type.Object(
  {
    from: Day,
    to: Day,
    // One entry per day and currency; the shop sells in one currency.
    days: Type.Array(
      Type.Object({ date: Day, orders: Int64(1), revenue: MoneyView }, { additionalProperties: false }),
      { maxItems: MAX_REPORT_DAYS },
    ),
    topProducts: Type.Array(
      Type.Object(
        {
          productId: Type.String({ maxLength: 128 }),
          name: Type.String({ maxLength: 200 }),
          quantity: Int64(1),
          revenue: MoneyView,
        },
        { additionalProperties: false },
      ),
      { maxItems: TOP_PRODUCTS },
    ),
  },
  { additionalProperties: false },
);

export const reportRoutes: FastifyPluginAsyncTypebox<{ deps: OrderDeps }> = async (app, { deps }) => {
  app.get(
    '/api/v1/reports/sales',
    {
      onRequest: [app.authenticate, app.requireRole('admin')],
      schema: {
        tags: ['reports'],
        security: [{ bearerAuth: [] }],
        summary: 'Revenue per day and the top 10 products over confirmed orders, both days included',
        querystring: SalesQuery,
        response: {
          200: SalesReportView,
          ...problemResponses(403, {
            400: `The query breaks the schema (VALIDATION_FAILED, the field problems listed), or from is after to or the range is over ${MAX_REPORT_DAYS} days (INVALID_DATE_RANGE)`,
          }),
        },
      },
    },
    async (request) => salesReport(deps.orders, request.query.from, request.query.to),
  );
};
