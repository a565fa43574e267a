/** Issue 5's targets, as data: each is checked against the median of its ratio. */
export const TARGETS = {
  /** (a) action CPU per request at most this share of (b) spectral's raw request. */
  cpuVsSpectral: 0.9,
  /** (a) action CPU per request at most this multiple of (c) one reused axios instance. */
  cpuVsAxios: 1.15,
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
