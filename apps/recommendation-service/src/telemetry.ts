import { startTelemetry } from '@shopwire/observability';

// main.ts imports this first: the instrumentations must patch fastify, mongoose, amqplib and pino before they load.
export const telemetry = startTelemetry({ serviceName: 'recommendation-service' });
