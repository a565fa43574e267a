import { apiKey } from "./apiKey";
import { awsSignatureV4 } from "./awsSignatureV4";
import { basicAuth } from "./basicAuth";
import { bearerToken } from "./bearerToken";
import { clientCertificate } from "./clientCertificate";
import { digestAuth } from "./digestAuth";
import { hmacSignature } from "./hmacSignature";
import { jwtBearer } from "./jwtBearer";
import { oauth1 } from "./oauth1";
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
  awsSignatureV4,
  oauth1,
  digestAuth,
  hmacSignature,
];
