/**
 * The parts of a component definition the docs read: the shape spectral's `component()`
 * returns (its server form), narrowed to what is rendered. Declared here, not imported from
 * spectral, so the renderer's tests can hand it a small literal definition.
 */

/** One choice of a dropdown (`model`). */
export interface DocChoice {
  label: string;
  value: string;
}

export interface DocInput {
  key: string;
  label: string;
  type: string;
  /** `keyvaluelist` or `valuelist` when the input holds several values. */
  collection?: string;
  default?: unknown;
  comments?: string;
  example?: string;
  required?: boolean;
  model?: readonly DocChoice[];
  /** The language of a `code` input, e.g. `graphql`. */
  language?: string;
}

export interface DocConnection {
  key: string;
  label: string;
  comments?: string;
  oauth2Type?: string;
  /** The PKCE method the platform uses in the code flow (`S256`), when the connection declares one. */
  oauth2PkceMethod?: string;
  inputs: readonly DocInput[];
}

export interface DocAction {
  key: string;
  display: { label: string; description: string };
  inputs: readonly DocInput[];
  allowsBranching?: boolean;
  staticBranchNames?: readonly string[];
  /** The key of the input whose value names the branch, for dynamically branching actions. */
  dynamicBranchInput?: string;
  examplePayload?: unknown;
}

export interface DocComponent {
  key: string;
  display: { label: string; description: string };
  connections?: readonly DocConnection[];
  actions: Readonly<Record<string, DocAction>>;
}

/** A section of prose before the connections: its heading and its Markdown. */
export interface DocSection {
  title: string;
  body: string;
}

export interface RenderOptions {
  /** The component's version, from package.json. */
  version: string;
  /** Where the icon is, relative to the written page; no image when absent. */
  iconPath?: string;
  /**
   * The keys of the inputs every action shares, in the order to list them: listed once, and
   * each action's section names only what it adds or leaves out. Absent: every action lists all.
   */
  sharedInputKeys?: readonly string[];
  /** Sections shown before the connections, in order. */
  sections?: readonly DocSection[];
  /** Markdown notes by action key, shown after the action's example output. */
  actionNotes?: Readonly<Record<string, string>>;
}
