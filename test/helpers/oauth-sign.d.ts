/** The part of oauth-sign (which ships no types) the OAuth 1.0a verifying server uses. */
declare module "oauth-sign" {
  export function sign(
    signatureMethod: string,
    httpMethod: string,
    baseUri: string,
    params: Record<string, string | string[]>,
    consumerSecret: string,
    tokenSecret?: string,
  ): string;
}
