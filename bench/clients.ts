/**
 * The four ways of sending the per-request benchmark's two requests, from the full action down
 * to Node's own `http.request`. Every client checks every answer, so a failing client cannot
 * look fast.
 */
import http from "node:http";
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
}

const actionClient = (baseUrl: string, bundlePath: string): PerRequestClient => {
  const component = loadBundle(bundlePath);
  const get = actionRunner(component, "httpGet");
  const post = actionRunner(component, "httpPost");
  const body = jsonPostBody();
  return {
    getSmall: async () => checkSmall((await get({ url: `${baseUrl}${PATHS.small}` })).data),
    postJson: async () =>
      checkJsonPost((await post({ url: `${baseUrl}${PATHS.json}`, data: body })).data, JSON_POST_BYTES),
  };
};

const spectralClient = (baseUrl: string): PerRequestClient => {
  const body = jsonPostBody();
  return {
    getSmall: async () => checkSmall(await spectralRequest(baseUrl, { method: "GET", url: PATHS.small })),
    postJson: async () =>
      checkJsonPost(await spectralRequest(baseUrl, { method: "POST", url: PATHS.json, data: body }), JSON_POST_BYTES),
  };
};

const axiosClient = (baseUrl: string): PerRequestClient => {
  const client = axios.create({ baseURL: baseUrl, httpAgent: new http.Agent({ keepAlive: true }) });
  const body = jsonPostBody();
  return {
    getSmall: async () => checkSmall((await client.get(PATHS.small)).data),
    postJson: async () => checkJsonPost((await client.post(PATHS.json, body)).data, JSON_POST_BYTES),
  };
};

const nodeClient = (baseUrl: string): PerRequestClient => {
  const agent = new http.Agent({ keepAlive: true });
  const base = new URL(baseUrl);
  const send = (method: string, path: string, body?: Buffer) =>
    new Promise<unknown>((resolve, reject) => {
      const headers = body ? { "content-type": "application/json", "content-length": body.length } : {};
      const request = http.request(
        { host: base.hostname, port: base.port, method, path, agent, headers },
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
  };
};

/**
 * The named client, set up once, as a warm process would hold it.
 * @example await makeClient("node", "http://127.0.0.1:8080", bundle).getSmall()
 */
export const makeClient = (name: ClientName, baseUrl: string, bundlePath: string): PerRequestClient => {
  switch (name) {
    case "action":
      return actionClient(baseUrl, bundlePath);
    case "spectral":
      return spectralClient(baseUrl);
    case "axios":
      return axiosClient(baseUrl);
    case "node":
      return nodeClient(baseUrl);
    default: {
      const unknownName: never = name;
      throw new Error(`unknown client ${String(unknownName)}`);
    }
  }
};
