import packageJson from '../../package.json';

/** Name and version as released; the one place they are read from. */
export const APP_NAME = packageJson.productName;
export const APP_VERSION = packageJson.version;
