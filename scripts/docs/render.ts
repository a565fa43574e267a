/**
 * The connector's reference page, rendered from its component definition alone, laid out like
 * Prismatic's published connector pages: description, connections, then actions. Inputs every
 * action shares are listed once, and each action lists only what it adds or leaves out. Pure:
 * the same definition and options always give the same page.
 */
import { renderAction, type SharedLink } from "./action";
import { inputTable } from "./inputs";
import { code, escapeInline } from "./markdown";
import { type SharedInputs, splitShared } from "./shared";
import { createSlugger } from "./slug";
import type { DocComponent, DocConnection, RenderOptions } from "./types";

const GENERATED_NOTICE =
  "<!-- Generated from the component definition by `npm run docs`: change the code and rerun it, not this file. -->";

export const SHARED_INPUTS_TITLE = "Shared inputs";

/** Headings listed in the table of contents: the sections and the entries under them. */
const CONTENTS_LEVELS = new Set([2, 3]);

interface Heading {
  level: number;
  text: string;
  anchor: string;
}

/**
 * Hands out headings in document order, so repeated titles ("Example output") are numbered as
 * GitHub numbers them, and remembers them for the table of contents and for links.
 */
const createOutline = () => {
  const anchorFor = createSlugger();
  const headings: Heading[] = [];
  const heading = (level: number, text: string): string => {
    headings.push({ level, text, anchor: anchorFor(text) });
    return `${"#".repeat(level)} ${escapeInline(text)}`;
  };
  const anchorOf = (text: string): string => headings.find((entry) => entry.text === text)?.anchor ?? "";
  return { heading, headings, anchorOf };
};

type HeadingFn = ReturnType<typeof createOutline>["heading"];

const renderContents = (headings: readonly Heading[]): string =>
  headings
    .filter((heading) => CONTENTS_LEVELS.has(heading.level))
    .map((heading) => `${"  ".repeat(heading.level - 2)}- [${escapeInline(heading.text)}](#${heading.anchor})`)
    .join("\n");

const renderConnection = (connection: DocConnection, heading: HeadingFn): string[] => [
  heading(3, connection.label),
  `Key: ${code(connection.key)}`,
  ...(connection.comments ? [escapeInline(connection.comments)] : []),
  ...(connection.oauth2Type ? [`OAuth 2.0 type: ${code(connection.oauth2Type)}`] : []),
  ...(connection.oauth2PkceMethod ? [`PKCE method: ${code(connection.oauth2PkceMethod)}`] : []),
  connection.inputs.length > 0 ? inputTable(connection.inputs) : "This connection has no inputs.",
];

/** A section's heading and its entries, or nothing when it has no entries. */
const renderSection = <T>(title: string, entries: readonly T[], heading: HeadingFn, render: (entry: T) => string[]) =>
  entries.length > 0 ? [heading(2, title), ...entries.flatMap(render)] : [];

const SHARED_INTRO =
  "Every action takes these inputs, except those its section names; its section lists only the inputs it adds.";

/** The shared inputs' section, or nothing when the page lists none. */
const renderShared = (shared: SharedInputs | undefined, heading: HeadingFn): string[] =>
  shared && shared.shared.length > 0 ? [heading(2, SHARED_INPUTS_TITLE), SHARED_INTRO, inputTable(shared.shared)] : [];

/** Everything after the table of contents, handing out headings in page order. */
const renderBody = (component: DocComponent, options: RenderOptions, outline: ReturnType<typeof createOutline>) => {
  const { heading, anchorOf } = outline;
  const actions = Object.values(component.actions);
  const shared = options.sharedInputKeys ? splitShared(actions, options.sharedInputKeys) : undefined;
  const sections = (options.sections ?? []).flatMap((section) => [heading(2, section.title), section.body]);
  const connections = renderSection("Connections", component.connections ?? [], heading, (connection) =>
    renderConnection(connection, heading),
  );
  const sharedSection = renderShared(shared, heading);
  const link: SharedLink | undefined =
    sharedSection.length > 0 && shared
      ? { anchor: anchorOf(SHARED_INPUTS_TITLE), count: shared.shared.length }
      : undefined;
  const renderOne = (action: (typeof actions)[number]) =>
    renderAction(action, {
      heading,
      split: link ? shared?.of(action) : undefined,
      shared: link,
      notes: options.actionNotes?.[action.key],
    });
  return [...sections, ...connections, ...sharedSection, ...renderSection("Actions", actions, heading, renderOne)];
};

/**
 * Renders the Markdown reference page of a component.
 * @example
 * renderComponentDocs(component, { version: "1.2.0", iconPath: "../assets/icon.png", sharedInputKeys: ["url"] })
 * // "<!-- Generated … -->\n\n# HTTP Connector\n\n![HTTP](../assets/icon.png)\n\nMake HTTP requests …"
 */
export const renderComponentDocs = (component: DocComponent, options: RenderOptions): string => {
  const outline = createOutline();
  // Headings are handed out in the order they appear, so the title and Contents come first.
  const title = outline.heading(1, `${component.display.label} Connector`);
  const contentsHeading = outline.heading(2, "Contents");
  const firstListed = outline.headings.length;
  const body = renderBody(component, options, outline);
  const intro = [
    GENERATED_NOTICE,
    title,
    ...(options.iconPath ? [`![${escapeInline(component.display.label)}](${options.iconPath})`] : []),
    escapeInline(component.display.description),
    `Component key: ${code(component.key)} · Version: ${code(options.version)}`,
  ];
  return `${[...intro, contentsHeading, renderContents(outline.headings.slice(firstListed)), ...body].join("\n\n")}\n`;
};
