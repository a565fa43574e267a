import http from "@component-manifests/http";
import { componentManifests } from "@prismatic-io/spectral";

/** The components this integration calls, by the key its flows use: `context.components.http`. */
export const componentRegistry = componentManifests({ http });
