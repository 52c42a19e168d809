import { startTestIssuer, type TestIssuer } from '@shopwire/testing';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream';
import { startGateway, type TestGateway } from './gateway';

/** A suite's test issuer and fake upstream (set before its tests run), and the gateways it starts on them. */
export interface GatewayRig {
  issuer: TestIssuer;
  upstream: FakeUpstream;
  /** A gateway on this rig's issuer and upstream, with `env` on top; closed with the rig. */
  start(env?: Record<string, string>): Promise<TestGateway>;
}

/** Registers the suite's beforeAll (issuer, upstream) and afterAll (every gateway started, upstream, issuer). */
export function useGatewayRig(): GatewayRig {
  const gateways: TestGateway[] = [];
  const rig = {
    start: async (env: Record<string, string> = {}) => {
      const gateway = await startGateway(rig.upstream.url, { JWKS_URL: rig.issuer.jwksUrl, ...env });
      gateways.push(gateway);
      return gateway;
    },
  } as GatewayRig;

  beforeAll(async () => {
    rig.issuer = await startTestIssuer();
    rig.upstream = await startFakeUpstream();
  });
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    await rig.upstream?.close();
    await rig.issuer?.close();
  });
  return rig;
}
