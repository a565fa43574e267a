/** The media types the request builder writes itself, when the user gave none. */
export const JSON_TYPE = "application/json";
export const TEXT_TYPE = "text/plain; charset=utf-8";
export const BINARY_TYPE = "application/octet-stream";
export const FORM_URLENCODED_TYPE = "application/x-www-form-urlencoded";
