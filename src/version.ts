import packageJson from "../package.json";

/** The component's version, from package.json: reported by the bundle and sent in User-Agent. */
export const VERSION: string = packageJson.version;

/** Identifies requests from this connector to the APIs it calls, unless the user sets their own. */
export const USER_AGENT = `prismatic-http-connector/${VERSION}`;
