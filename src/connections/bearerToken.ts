import { connection } from "@prismatic-io/spectral";

export const bearerToken = connection({
  key: "bearerToken",
  display: {
    label: "Bearer Token",
    description:
      "A static token an API hands out (a personal access token, a service token), sent as 'Authorization: Bearer <token>'.",
  },
  inputs: {
    token: {
      label: "Token",
      placeholder: "Token",
      type: "password",
      required: true,
      comments: "The token, without the word Bearer.",
      example: "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    },
  },
});
