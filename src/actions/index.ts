import { httpCurl } from "./httpCurl";
import { httpDelete } from "./httpDelete";
import { httpFormData } from "./httpFormData";
import { httpGet } from "./httpGet";
import { httpGraphql } from "./httpGraphql";
import { httpPaginate } from "./httpPaginate";
import { httpPatch } from "./httpPatch";
import { httpPost } from "./httpPost";
import { httpPut } from "./httpPut";
import { httpRequest } from "./httpRequest";
import { httpRequestBranching } from "./httpRequestBranching";

export const actions = {
  httpGet,
  httpPost,
  httpPut,
  httpPatch,
  httpDelete,
  httpFormData,
  httpRequest,
  httpRequestBranching,
  httpGraphql,
  httpPaginate,
  httpCurl,
};
