import { connection } from "@prismatic-io/spectral";

/**
 * HTTP Digest (RFC 7616): the password never goes on the wire. The server's 401 challenge is
 * answered inside the step, with the request (and its body) sent once more.
 */
export const digestAuth = connection({
  key: "digestAuth",
  display: {
    label: "Digest Username/Password",
    description:
      "HTTP Digest authentication (RFC 7616: MD5, SHA-256 and their -sess forms, qop=auth), as IP cameras, printers, network appliances and some enterprise APIs ask for. The step answers the server's 401 challenge itself.",
  },
  inputs: {
    username: {
      label: "Username",
      placeholder: "Username",
      type: "string",
      required: true,
      comments: "The username the server's Digest challenge is answered with.",
      example: "admin",
    },
    password: {
      label: "Password",
      placeholder: "Password",
      type: "password",
      required: true,
      comments: "The password; only hashes of it are sent, never the password itself.",
      example: "correct-horse-battery-staple",
    },
  },
});
