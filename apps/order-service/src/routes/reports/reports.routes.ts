import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OrderModel } from '../../models/order.model';
import { salesReport } from '../../reports/sales-report';
import { MoneyView } from '../orders/orders.schemas';

const Day = Type.String({ format: 'date', description: 'a UTC calendar day, YYYY-MM-DD' });

const SalesQuery = Type.Object({ from: Day, to: Day }, { additionalProperties: false });

const SalesReportView = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    days: Type.Array(Type.Object({ date: Type.String(), orders: Type.Integer(), revenue: MoneyView }, { additionalProperties: false })),
    topProducts: Type.Array(
      Type.Object({ productId: Type.String(), name: Type.String(), quantity: Type.Integer(), revenue: MoneyView }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

export const reportRoutes: FastifyPluginAsyncTypebox<{ orders: OrderModel }> = async (app, { orders }) => {
  app.get(
    '/api/v1/reports/sales',
    {
      preHandler: [app.authenticate, app.requireRole('admin')],
      schema: {
        tags: ['reports'],
        security: [{ bearerAuth: [] }],
        summary: 'Revenue per day and the top 10 products over confirmed orders, both days included',
        querystring: SalesQuery,
        response: { 200: SalesReportView },
      },
    },
    async (request) => salesReport(orders, request.query.from, request.query.to),
  );
};
