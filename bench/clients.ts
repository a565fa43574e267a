/**
 * The four ways of sending the per-request benchmark's two requests, from the full action down
 * to Node's own `http.request`. Every client checks every answer, so a failing client cannot
 * look fast.
 */
import http from "node:http";
import https from "node:https";
import axios from "axios";
import { checkJsonPost, checkSmall, JSON_POST_BYTES, jsonPostBody, PATHS } from "./protocol";
import { actionRunner, loadBundle } from "./runtime";
import { spectralRequest } from "./spectralRaw";

export const CLIENT_NAMES = ["action", "spectral", "axios", "node"] as const;
export type ClientName = (typeof CLIENT_NAMES)[number];

/** What each client's label means in the results table. */
export const CLIENT_LABELS: Record<ClientName, string> = {
  action: "(a) action of the built bundle",
  spectral: "(b) spectral sendRawRequest",
  axios: "(c) one axios instance, keep-alive",
  node: "(d) node http.request, keep-alive",
};

export interface PerRequestClient {
  getSmall: () => Promise<void>;
  postJson: () => Promise<void>;
  /** The small GET over HTTPS, keep-alive, the certificate verified (its CA is in NODE_EXTRA_CA_CERTS). */
  getHttps: () => Promise<void>;
}

/** Where the bench server answers: plain HTTP and HTTPS. */
export interface BenchUrls {
  baseUrl: string;
  httpsUrl: string;
}

const actionClient = ({ baseUrl, httpsUrl }: BenchUrls, bundlePath: string): PerRequestClient => {
  const component = loadBundle(bundlePath);
  const get = actionRunner(component, "httpGet");
  const post = actionRunner(component, "httpPost");
  const body = jsonPostBody();
  return {
    getSmall: async () => checkSmall((await get({ url: `${baseUrl}${PATHS.small}` })).data),
    postJson: async () =>
      checkJsonPost((await post({ url: `${baseUrl}${PATHS.json}`, data: body })).data, JSON_POST_BYTES),
    getHttps: async () => checkSmall((await get({ url: `${httpsUrl}${PATHS.small}` })).data),
  };
};

const spectralClient = ({ baseUrl, httpsUrl }: BenchUrls): PerRequestClient => {
  const body = jsonPostBody();
  return {
    getSmall: async () => checkSmall(await spectralRequest(baseUrl, { method: "GET", url: PATHS.small })),
    postJson: async () =>
      checkJsonPost(await spectralRequest(baseUrl, { method: "POST", url: PATHS.json, data: body }), JSON_POST_BYTES),
    getHttps: async () => checkSmall(await spectralRequest(httpsUrl, { method: "GET", url: PATHS.small })),
  };
};

const axiosClient = ({ baseUrl, httpsUrl }: BenchUrls): PerRequestClient => {
  const client = axios.create({
    baseURL: baseUrl,
    httpAgent: new http.Agent({ keepAlive: true }),
    httpsAgent: new https.Agent({ keepAlive: true }),
  });
  const body = jsonPostBody();
  return {
    getSmall: async () => checkSmall((await client.get(PATHS.small)).data),
    postJson: async () => checkJsonPost((await client.post(PATHS.json, body)).data, JSON_POST_BYTES),
    getHttps: async () => checkSmall((await client.get(`${httpsUrl}${PATHS.small}`)).data),
  };
};

const nodeClient = ({ baseUrl, httpsUrl }: BenchUrls): PerRequestClient => {
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const send = (method: string, path: string, body?: Buffer, secure = false) =>
    new Promise<unknown>((resolve, reject) => {
      const base = new URL(secure ? httpsUrl : baseUrl);
      const headers = body ? { "content-type": "application/json", "content-length": body.length } : {};
      const request = (secure ? https : http).request(
        { host: base.hostname, port: base.port, method, path, agent: secure ? agents.https : agents.http, headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  const body = jsonPostBody();
  return {
    getSmall: async () => checkSmall(await send("GET", PATHS.small)),
    postJson: async () =>
      checkJsonPost(await send("POST", PATHS.json, Buffer.from(JSON.stringify(body))), JSON_POST_BYTES),
    getHttps: async () => checkSmall(await send("GET", PATHS.small, undefined, true)),
  };
};

/**
 * The named client, set up once, as a warm process would hold it.
 * @example await makeClient("node", { baseUrl, httpsUrl }, bundle).getSmall()
 */
export const makeClient = (name: ClientName, urls: BenchUrls, bundlePath: string): PerRequestClient => {
  switch (name) {
    case "action":
      return actionClient(urls, bundlePath);
    case "spectral":
      return spectralClient(urls);
    case "axios":
      return axiosClient(urls);
    case "node":
      return nodeClient(urls);
    default: {
      const unknownName: never = name;
      throw new Error(`unknown client ${String(unknownName)}`);
    }
  }
};
