import { integration } from "@prismatic-io/spectral";
import { componentRegistry } from "./componentRegistry";
import { configPages } from "./configPages";
import flows from "./flows";

export { componentRegistry } from "./componentRegistry";
export { configPages } from "./configPages";

export default integration({
  name: "HTTP connector example",
  description: "Calls the HTTP connector from code: a GET with query parameters, a JSON POST and a file upload.",
  flows,
  configPages,
  componentRegistry,
});

// Types context.configVars and context.components in the flows from the pages and the registry.
export type TConfigPages = typeof configPages;
export type TComponentRegistry = typeof componentRegistry;

declare module "@prismatic-io/spectral" {
  interface IntegrationDefinitionConfigPages extends TConfigPages {}
  interface IntegrationDefinitionComponentRegistry extends TComponentRegistry {}
}
