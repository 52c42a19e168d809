import { setTimeout as runFor } from 'node:timers/promises';
import { waitFor, type ServiceName } from '@shopwire/testing';
import { PROCESS_NAMES, type FaultRig } from './rig';

export interface FaultOutcome {
  fault: string;
  /** From the fault until the gateway answered ready again. */
  recoveryMs: number;
  detail?: string;
  /** Set when the fault could not be injected or the system did not recover. */
  error?: string;
  /** How many mails the sink held when the fault struck and when the system was ready again: which mails came when. */
  mailsBefore: number;
  mailsAfter: number;
}

export type Fault = { name: string; inject(rig: FaultRig): Promise<string | undefined> };

const RECOVERY_MS = 60000;

function killService(name: ServiceName): Fault {
  return {
    name: `kill -9 ${name}`,
    async inject(rig) {
      await rig.watch.kill(rig.system.processes[name]);
      await rig.restart(name);
      return undefined;
    },
  };
}

const closeBrokerConnections: Fault = {
  name: 'close every broker connection',
  async inject(rig) {
    const closed = await rig.broker.closeAllConnections();
    // Every process that had a connection opens a new one; the count coming back is the sign.
    await waitFor(async () => (await rig.broker.connectionCount()) >= closed, {
      timeoutMs: RECOVERY_MS,
      intervalMs: 250,
      description: `${closed} broker connections to come back`,
    });
    return `${closed} connections closed`;
  },
};

const restartStore: Fault = {
  name: 'restart the store',
  async inject(rig) {
    await rig.restartStore();
    return undefined;
  },
};

export const FAULTS: Fault[] = [...PROCESS_NAMES.map(killService), closeBrokerConnections, restartStore];

/**
 * Lets the load run `loadSec` seconds before each fault, then injects it and waits until the system is ready
 * again. A system that does not recover ends the series: the outcome carries the error.
 */
export async function injectFaults(
  rig: FaultRig,
  loadSec: number,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<FaultOutcome[]> {
  const outcomes: FaultOutcome[] = [];
  for (const fault of FAULTS) {
    await runFor(loadSec * 1000, undefined, { signal });
    log(`fault: ${fault.name}`);
    const started = performance.now();
    const mailsBefore = rig.sink.received.length;
    try {
      const detail = await fault.inject(rig);
      await rig.ready(RECOVERY_MS);
      const recoveryMs = performance.now() - started;
      log(`  ready again after ${(recoveryMs / 1000).toFixed(1)} s${detail ? ` (${detail})` : ''}`);
      outcomes.push({ fault: fault.name, recoveryMs, detail, mailsBefore, mailsAfter: rig.sink.received.length });
    } catch (error) {
      outcomes.push({
        fault: fault.name,
        recoveryMs: performance.now() - started,
        error: (error as Error).message,
        mailsBefore,
        mailsAfter: rig.sink.received.length,
      });
      break;
    }
  }
  return outcomes;
}
