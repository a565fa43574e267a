import { connection } from "@prismatic-io/spectral";

/** The schemes offered for the Authorization header; "none" sends the bare key. */
export const AUTH_SCHEMES = ["Basic", "Bearer", "Token", "none"] as const;
export const DEFAULT_AUTH_SCHEME = "Basic";
/** Where the key goes: the Authorization header (after the scheme), a named header, or a query parameter. */
export const KEY_PLACEMENTS = ["authorization", "header", "query"] as const;
export type KeyPlacement = (typeof KEY_PLACEMENTS)[number];

export const apiKey = connection({
  key: "apiKey",
  display: {
    label: "API Key",
    description:
      "API Key connection: the key is sent in the Authorization header after the chosen scheme, in a header of its own, or as a query parameter.",
  },
  inputs: {
    apiKey: {
      label: "API Key",
      placeholder: "API Key",
      type: "password",
      required: true,
      comments: "API Key",
      example: "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    },
    authScheme: {
      label: "Authentication Scheme",
      placeholder: "Authentication Scheme",
      type: "string",
      // Used only when the key goes in the Authorization header, so not required.
      required: false,
      default: DEFAULT_AUTH_SCHEME,
      model: AUTH_SCHEMES.map((value) => ({ label: value === "none" ? "None (bare key)" : value, value })),
      comments:
        "The scheme written before the key: 'Authorization: <scheme> <API Key>'. Choose None to send the key alone. Used when the key goes in the Authorization header.",
      example: "Bearer",
    },
    keyPlacement: {
      label: "Key Placement",
      placeholder: "Key Placement",
      type: "string",
      required: false,
      default: "authorization",
      model: [
        { label: "Authorization header", value: "authorization" },
        { label: "A header named by Key Name", value: "header" },
        { label: "A query parameter named by Key Name", value: "query" },
      ],
      comments:
        "Where the key is sent. It is only ever sent to the origin of the step's URL: a redirect to another origin does not carry it.",
      example: "header",
    },
    keyName: {
      label: "Key Name",
      placeholder: "X-API-Key",
      type: "string",
      required: false,
      comments:
        "The header or query parameter that carries the key, when Key Placement is a header or a query parameter.",
      example: "X-API-Key",
    },
  },
});
