import { component } from "@prismatic-io/spectral";
import { actions } from "./actions";
import { connections } from "./connections";
import { toSafeError } from "./request/safeError";

/** The bundle reports its version next to the component the runtime loads. */
export { VERSION as version } from "./version";

export default component({
  key: "http",
  public: false,
  display: {
    label: "HTTP",
    description:
      "Make HTTP requests to URLs such as REST APIs, webhooks and file stores: any verb, JSON, text, binary and multipart bodies, API key, Basic and OAuth 2.0 connections, retries, proxies and timeouts.",
    iconPath: "icon.png",
    category: "Application Connectors",
  },
  actions,
  connections,
  hooks: { error: toSafeError },
});
