import { apiKey } from "./apiKey";
import { basicAuth } from "./basicAuth";
import { oauth2AuthCode, oauth2ClientCredentials } from "./oauth2";

export const connections = [apiKey, basicAuth, oauth2AuthCode, oauth2ClientCredentials];
