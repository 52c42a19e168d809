// eslint-disable-next-line @nx/enforce-module-boundaries -- the release version lives in the root package.json; esbuild inlines just this field
import { version } from '../../../package.json';

/** The version every Shopwire process reports as service.version unless it is given another. */
export const RELEASE_VERSION: string = version;
