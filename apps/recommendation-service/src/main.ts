import { telemetry } from './telemetry';
import { runService } from '@shopwire/service-kit';
import { buildApp } from './app';
import { config } from './config';

void runService({ service: 'recommendation-service', config, build: buildApp, onShutdown: () => telemetry.shutdown() });
