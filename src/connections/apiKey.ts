import { connection } from "@prismatic-io/spectral";

/** The schemes offered for the Authorization header; "none" sends the bare key. */
export const AUTH_SCHEMES = ["Basic", "Bearer", "Token", "none"] as const;
export const DEFAULT_AUTH_SCHEME = "Basic";

export const apiKey = connection({
  key: "apiKey",
  display: {
    label: "API Key",
    description: "API Key connection: the key is sent in the Authorization header after the chosen scheme.",
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
      type: "string",
      required: true,
      default: DEFAULT_AUTH_SCHEME,
      model: AUTH_SCHEMES.map((value) => ({ label: value === "none" ? "None (bare key)" : value, value })),
      comments: "The scheme written before the key: 'Authorization: <scheme> <API Key>'. Choose None to send the key alone.",
      example: "Bearer",
    },
  },
});
