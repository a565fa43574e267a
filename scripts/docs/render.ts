/**
 * The connector's reference page, rendered from its component definition alone, laid out like
 * Prismatic's published connector pages: description, connections, then actions, each with a
 * table of its inputs. Pure: the same definition and version always give the same page.
 */
import { inputTable } from "./inputs";
import { code, escapeInline } from "./markdown";
import { renderPayload } from "./payload";
import { createSlugger } from "./slug";
import type { DocAction, DocComponent, DocConnection, RenderOptions } from "./types";

const GENERATED_NOTICE =
  "<!-- Generated from the component definition by `npm run docs`: change the code and rerun it, not this file. -->";

/** Headings listed in the table of contents: the sections and the entries under them. */
const CONTENTS_LEVELS = new Set([2, 3]);

interface Heading {
  level: number;
  text: string;
  anchor: string;
}

/**
 * Hands out headings in document order, so repeated titles ("Example output") are numbered as
 * GitHub numbers them, and remembers them for the table of contents.
 */
const createOutline = () => {
  const anchorFor = createSlugger();
  const headings: Heading[] = [];
  const heading = (level: number, text: string): string => {
    headings.push({ level, text, anchor: anchorFor(text) });
    return `${"#".repeat(level)} ${escapeInline(text)}`;
  };
  return { heading, headings };
};

type HeadingFn = ReturnType<typeof createOutline>["heading"];

const renderContents = (headings: readonly Heading[]): string =>
  headings
    .filter((heading) => CONTENTS_LEVELS.has(heading.level))
    .map((heading) => `${"  ".repeat(heading.level - 2)}- [${escapeInline(heading.text)}](#${heading.anchor})`)
    .join("\n");

/** The inputs table, or a sentence when there is nothing to fill in. */
const renderInputs = (inputs: DocConnection["inputs"], owner: string): string =>
  inputs.length > 0 ? inputTable(inputs) : `This ${owner} has no inputs.`;

const renderConnection = (connection: DocConnection, heading: HeadingFn): string[] => [
  heading(3, connection.label),
  `Key: ${code(connection.key)}`,
  ...(connection.comments ? [escapeInline(connection.comments)] : []),
  ...(connection.oauth2Type ? [`OAuth 2.0 type: ${code(connection.oauth2Type)}`] : []),
  renderInputs(connection.inputs, "connection"),
];

/** How an action's branches are chosen, when it branches at all. */
const branchesOf = (action: DocAction): string[] => {
  if (!action.allowsBranching) return [];
  if (action.staticBranchNames && action.staticBranchNames.length > 0) {
    return [`Branches: ${action.staticBranchNames.map(code).join(", ")}`];
  }
  if (action.dynamicBranchInput) return [`Branches: named by the ${code(action.dynamicBranchInput)} input`];
  return ["Branches: chosen at run time"];
};

const renderAction = (action: DocAction, heading: HeadingFn): string[] => [
  heading(3, action.display.label),
  `Key: ${code(action.key)}`,
  escapeInline(action.display.description),
  ...branchesOf(action),
  renderInputs(action.inputs, "action"),
  ...(action.examplePayload === undefined ? [] : [heading(4, "Example output"), renderPayload(action.examplePayload)]),
];

/** A section's heading and its entries, or nothing when it has no entries. */
const renderSection = <T>(title: string, entries: readonly T[], heading: HeadingFn, render: (entry: T) => string[]) =>
  entries.length > 0 ? [heading(2, title), ...entries.flatMap(render)] : [];

/**
 * Renders the Markdown reference page of a component.
 * @example
 * renderComponentDocs(component, { version: "1.2.0", iconPath: "../assets/icon.png" })
 * // "<!-- Generated … -->\n\n# HTTP Connector\n\n![HTTP](../assets/icon.png)\n\nMake HTTP requests …"
 */
export const renderComponentDocs = (component: DocComponent, options: RenderOptions): string => {
  const { heading, headings } = createOutline();
  // Headings are handed out in the order they appear, so the title and Contents come first.
  const title = heading(1, `${component.display.label} Connector`);
  const contentsHeading = heading(2, "Contents");
  const firstListed = headings.length;
  const body = [
    ...renderSection("Connections", component.connections ?? [], heading, (connection) =>
      renderConnection(connection, heading),
    ),
    ...renderSection("Actions", Object.values(component.actions), heading, (action) => renderAction(action, heading)),
  ];
  const intro = [
    GENERATED_NOTICE,
    title,
    ...(options.iconPath ? [`![${escapeInline(component.display.label)}](${options.iconPath})`] : []),
    escapeInline(component.display.description),
    `Component key: ${code(component.key)} · Version: ${code(options.version)}`,
  ];
  return `${[...intro, contentsHeading, renderContents(headings.slice(firstListed)), ...body].join("\n\n")}\n`;
};
