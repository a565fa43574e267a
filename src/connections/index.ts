import { apiKey } from "./apiKey";
import { basicAuth } from "./basicAuth";
import { bearerToken } from "./bearerToken";
import { clientCertificate } from "./clientCertificate";
import { jwtBearer } from "./jwtBearer";
import { oauth2AuthCode, oauth2AuthCodePkce, oauth2ClientCredentials } from "./oauth2";
import { oauth2Password, oauth2RefreshToken } from "./oauth2Grants";

export const connections = [
  apiKey,
  basicAuth,
  bearerToken,
  oauth2AuthCode,
  oauth2AuthCodePkce,
  oauth2ClientCredentials,
  oauth2Password,
  oauth2RefreshToken,
  jwtBearer,
  clientCertificate,
];
