import { httpApiKey } from "@component-manifests/http/dist/connections/apiKey";
import { httpBasicAuth } from "@component-manifests/http/dist/connections/basicAuth";
import { configPage, configVar } from "@prismatic-io/spectral";

/**
 * What the customer fills in when deploying: where the API is, and one connection of each kind.
 * The connection helpers come from the manifest; an empty entry (`{}`) leaves the field to the deployer.
 */
export const configPages = {
  Connections: configPage({
    elements: {
      "API Base URL": configVar({
        stableKey: "api-base-url",
        dataType: "string",
        description: "The items API, e.g. https://api.example.com/v1",
      }),
      // The key goes in an X-API-Key header of its own.
      "Items API Key": httpApiKey("items-api-key", {
        apiKey: {},
        keyPlacement: { value: "header" },
        keyName: { value: "X-API-Key" },
      }),
      "Uploads Login": httpBasicAuth("uploads-login", { username: {}, password: {} }),
    },
  }),
};
