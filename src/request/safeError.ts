import { isAxiosError } from "axios";
import { HttpConnectorError } from "./errors";

/**
 * The component's error hook, the last guard before an error reaches the platform. The request
 * builder already throws only redacted errors; anything else that escapes is reduced to its
 * message, so an axios error's config (headers, credentials, agents) can never be serialized.
 */
export const toSafeError = (error: unknown): unknown => {
  if (error instanceof HttpConnectorError) return error;
  if (isAxiosError(error)) return new Error(`HTTP request failed: ${error.code ?? error.message}`);
  return error;
};
