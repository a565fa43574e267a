/**
 * Every bound the step enforces, in one place, each with the reason for its value. An input that
 * passes one of them is refused before anything is sent, with an error that names the input and
 * the limit; a response that passes one fails the step saying which.
 */

/**
 * The longest wait a Node timer can hold: `setTimeout` fires after 1 ms for anything larger,
 * so a longer Timeout, Connect Timeout, Retry Delay or `curl -m` would turn into no wait at all.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * The Timeout of a step that sets none: a server that never answers, or a body that never ends,
 * fails the step after this instead of holding it until the platform ends the execution. Ten
 * minutes lets a large download over a slow link finish.
 */
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** The default Connect Timeout: opening a connection that takes longer than this will not succeed. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

/** The default Max Response Size: larger bodies need a deliberate choice. */
export const DEFAULT_MAX_RESPONSE_BYTES = 100 * 1024 * 1024;

/**
 * The longest URL sent, query parameters included. Servers refuse far shorter ones (most stop at
 * 8 to 64 KB); a longer value is a mistake (a whole document in a query string) that would also
 * be repeated in every error and log line.
 */
export const MAX_URL_CHARS = 65_536;

/**
 * The longest parameter name a setting may give, and the longest multipart field or file name;
 * a longer one is a value pasted in the wrong place (and multipart parsers cap a part's header).
 */
export const MAX_NAME_CHARS = 1_024;

/** How much of a URL an error or log line shows; the rest is cut, after masking, never before. */
export const MAX_SHOWN_URL_CHARS = 2_048;

/** The most bytes of request headers (names and values) a step sends; servers refuse more (Node's own servers at 16 KB). */
export const MAX_REQUEST_HEADER_BYTES = 65_536;

/**
 * The longest cURL command read. Commands copied from docs and browsers are a few KB; the shell
 * word splitter needs time and stack in proportion to the text, so a runaway paste stops here.
 */
export const MAX_CURL_COMMAND_CHARS = 1_048_576;

/** The largest retry count accepted: beyond this a loop is a mistake, not resilience. */
export const MAX_RETRIES_LIMIT = 20;

/** The most redirects a request may follow; browsers stop at about 20. */
export const MAX_REDIRECTS_LIMIT = 50;

/** The most pages one step may walk: beyond this a walk is a runaway loop, not a data set. */
export const MAX_PAGES_LIMIT = 10_000;

/**
 * The most pages one walk keeps in flight: enough to hide the latency of a slow API, few enough
 * that one step cannot flood a partner's API (most document 10 or fewer concurrent requests).
 */
export const MAX_PAGE_CONCURRENCY = 16;

/**
 * The longest JMESPath expression read. Real ones are a line; the parser recurses once per
 * nesting level, so a runaway paste of brackets stops here rather than overflowing the stack.
 */
export const MAX_EXPRESSION_CHARS = 4_096;

/**
 * The highest Max Requests Per Second: requests are spaced by whole milliseconds, so a faster
 * rate could not be kept.
 */
export const MAX_REQUESTS_PER_SECOND = 1_000;

/**
 * How many origins the process remembers pacing for (budgets, rate-limit windows); the oldest
 * is forgotten first, so a step that calls many hosts cannot grow the memory without bound.
 */
export const MAX_PACED_ORIGINS = 1_000;

/**
 * The most polls one step makes while waiting for an operation to complete: with a server that
 * asks for no wait (Retry-After: 0), Timeout alone would allow a tight loop of requests.
 */
export const MAX_POLLS = 10_000;

/** The largest whole number any numeric input accepts: larger ones cannot be represented exactly. */
export const MAX_WHOLE_NUMBER = Number.MAX_SAFE_INTEGER;

/**
 * How many references to entities declared in an XML response's own DOCTYPE are expanded. Real
 * documents use a handful; a body that repeats one thousands of times is an expansion attack.
 * (The five XML entities and character references are not counted: they never grow the text.)
 */
export const MAX_XML_ENTITY_EXPANSIONS = 10_000;

/** How many characters DOCTYPE entities may add to an XML response when expanded, so a small body cannot grow without bound. */
export const MAX_XML_EXPANDED_CHARS = 1_048_576;

/**
 * How deeply XML elements may nest. SOAP envelopes and feeds nest a few dozen deep; the JSON
 * built from a deeper document would be walked recursively by every later step.
 */
export const MAX_XML_DEPTH = 256;
