import { connection } from "@prismatic-io/spectral";

/**
 * AWS Signature Version 4: every attempt is signed over its method, path, query, headers and
 * body hash, so there is no static header; the connection's fields are the signing key's parts.
 */
export const awsSignatureV4 = connection({
  key: "awsSignatureV4",
  display: {
    label: "AWS Signature Version 4",
    description:
      "Signs every request with an AWS access key (SigV4), for API Gateway with IAM authorization, S3, OpenSearch, Bedrock and any AWS or S3-compatible API.",
  },
  inputs: {
    accessKeyId: {
      label: "Access Key ID",
      placeholder: "AKIAIOSFODNN7EXAMPLE",
      type: "string",
      required: true,
      comments:
        "The access key's ID (AKIA… for an IAM user, ASIA… for temporary credentials, which also need a Session Token).",
      example: "AKIAIOSFODNN7EXAMPLE",
    },
    secretAccessKey: {
      label: "Secret Access Key",
      placeholder: "Secret Access Key",
      type: "password",
      required: true,
      comments: "The access key's secret. It never leaves the step: only signatures made with it are sent.",
      example: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    },
    sessionToken: {
      label: "Session Token",
      placeholder: "Session Token",
      type: "password",
      required: false,
      comments:
        "For temporary credentials (from STS AssumeRole, say): sent and signed as X-Amz-Security-Token. Leave empty for an IAM user's long-term key.",
      example: "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ",
    },
    region: {
      label: "Region",
      placeholder: "us-east-1",
      type: "string",
      required: true,
      comments:
        "The region code the API is in, as in its URL (us-east-1, eu-west-2); S3-compatible stores name their own (Cloudflare R2 uses auto).",
      example: "us-east-1",
    },
    service: {
      label: "Service",
      placeholder: "execute-api",
      type: "string",
      required: true,
      comments:
        "The signing name of the service: execute-api for API Gateway, s3 for S3, es for OpenSearch Service, aoss for OpenSearch Serverless, bedrock for Bedrock. With s3, a header X-Amz-Content-Sha256: UNSIGNED-PAYLOAD sends an upload without hashing it.",
      example: "execute-api",
    },
  },
});
