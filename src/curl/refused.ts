/**
 * The curl options people paste that httpCurl refuses, each with why: the error names the
 * option, and the reference page lists this table. Any other option it does not read is refused
 * by name too. Reasons are written to follow "refused: ".
 */
export const REFUSED_OPTIONS: ReadonlyArray<{ options: readonly string[]; reason: string }> = [
  { options: ["-T", "--upload-file"], reason: "uploads a local file; the platform has none" },
  { options: ["-K", "--config"], reason: "reads options from a local file" },
  { options: ["-n", "--netrc", "--netrc-file", "--netrc-optional"], reason: "reads credentials from a local file" },
  {
    options: ["--cert", "--key", "--cert-type", "--cacert", "--capath"],
    reason: "reads certificates from local files; use the Client Certificate connection and the CA Certificates input",
  },
  { options: ["--unix-socket", "--abstract-unix-socket"], reason: "talks to a local socket" },
  {
    options: ["--ntlm", "--negotiate", "--kerberos", "--anyauth"],
    reason: "an authentication scheme the connector has no connection for",
  },
  { options: ["-Z", "--parallel", "-:", "--next"], reason: "sends several requests; a step sends one" },
  { options: ["--resolve", "--connect-to"], reason: "overrides name resolution, which the step does not" },
  {
    options: ["--http2", "--http2-prior-knowledge", "--http3", "--http1.0", "-0"],
    reason: "another HTTP version; the connector speaks HTTP/1.1",
  },
  { options: ["--retry"], reason: "use the action's Max Retries input instead" },
  {
    options: ["--socks5", "--socks5-hostname", "--socks4", "--preproxy"],
    reason: "a SOCKS proxy; only http(s) proxies are supported",
  },
];
