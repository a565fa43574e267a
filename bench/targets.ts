/** Issues 5 and 15's targets, as data: each is checked against the median of its ratio. */
export const TARGETS = {
  /** (a) action CPU per request at most this share of (b) spectral's raw request. */
  cpuVsSpectral: 0.9,
  /** (a) action CPU per request at most this multiple of (c) one reused axios instance, sequential. */
  cpuVsAxios: 1.25,
  /** Our own src/ at most this share of the sequential GET's CPU profile. */
  ownShareOfProfile: 0.05,
  /** Fetch All Pages' CPU per page at most this multiple of a single GET's. */
  pageVsGet: 1.1,
  /** Peak RSS growth at most this multiple of the payload. */
  memoryVsPayload: 1.3,
  /** Bundle size and require time at most this share of the reference component's. */
  coldStartVsReference: 0.7,
} as const;

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}
