import { connection } from "@prismatic-io/spectral";

export const basicAuth = connection({
  key: "basicAuth",
  display: {
    label: "Basic Username/Password",
    description: "Basic Username and Password connection",
  },
  inputs: {
    username: {
      label: "Username",
      placeholder: "Username",
      type: "string",
      required: true,
      comments: "Username",
      example: "integration-bot",
    },
    password: {
      label: "Password",
      placeholder: "Password",
      type: "password",
      required: true,
      comments: "Password",
      example: "correct-horse-battery-staple",
    },
  },
});
