export { waitFor, waitForReady, withDeadline } from './wait';
export type { WaitOptions } from './wait';
export { freePort, unique, testEnv } from './ports';
export { startProcess } from './process';
export type { RunningProcess } from './process';
export { startOwnFerret, FERRETDB_BIN } from './ferret';
export { startTestIssuer } from './token-issuer';
export type { TestIssuer, TestTokenClaims } from './token-issuer';
