import { httpDelete } from "./httpDelete";
import { httpFormData } from "./httpFormData";
import { httpGet } from "./httpGet";
import { httpPatch } from "./httpPatch";
import { httpPost } from "./httpPost";
import { httpPut } from "./httpPut";

export const actions = { httpGet, httpPost, httpPut, httpPatch, httpDelete, httpFormData };
