import { flow } from "@prismatic-io/spectral";
import { asInput, rows } from "./inputs";

interface Item {
  id: number;
  name: string;
}

/** A binary response: the bytes and their content type, the shape File Data takes as a file. */
interface FileResult {
  data: Buffer;
  contentType: string;
}

/**
 * Lists the items tagged new or urgent, adds a note to the first one, then fetches that item's
 * report and uploads it as a multipart form to a second API with its own login.
 */
export const syncFirstItem = flow({
  name: "Sync first item",
  stableKey: "sync-first-item",
  description: "Lists tagged items, notes the first and uploads its report.",
  onExecution: async (context) => {
    const { components, configVars } = context;
    const baseUrl = configVars["API Base URL"];
    const itemsKey = configVars["Items API Key"];

    // A list in a query parameter goes in the array form: tag=new&tag=urgent.
    const listed = await components.http.httpGet<{ data: Item[] }>({
      url: `${baseUrl}/items`,
      queryParams: rows({ tag: ["new", "urgent"], limit: 2 }),
      connection: itemsKey,
      maxRetries: asInput(2),
    });
    const [first] = listed.data;

    // An object in Data is sent as JSON.
    const note = await components.http.httpPost<{ data: { id: string } }>({
      url: `${baseUrl}/items/${first.id}/notes`,
      data: asInput({ itemId: first.id, text: `Seen ${first.name}` }),
      headers: { "Idempotency-Key": `note-${first.id}` },
      connection: itemsKey,
    });

    // A file from an earlier step, uploaded with a file name of its own.
    const report = await components.http.httpGet<FileResult>({
      url: `${baseUrl}/items/${first.id}/report`,
      responseType: "binary",
      connection: itemsKey,
    });
    const upload = await components.http.httpFormData<{ data: { stored: string } }>({
      url: `${baseUrl}/uploads`,
      formData: { itemId: String(first.id) },
      fileData: rows({ report }),
      fileDataFileNames: { report: `item-${first.id}.pdf` },
      connection: configVars["Uploads Login"],
    });

    return { data: { itemId: first.id, noteId: note.data.id, stored: upload.data.stored } };
  },
});

interface Order {
  id: number;
  total: number;
}

/**
 * Walks every page of the orders (a cursor in each page's body), then asks a GraphQL API for
 * their invoices, passing typed variables (a list of numbers) through Variables Object.
 */
export const invoiceOrders = flow({
  name: "Invoice orders",
  stableKey: "invoice-orders",
  description: "Fetches all pages of orders and looks up their invoices over GraphQL.",
  onExecution: async (context) => {
    const { components, configVars } = context;
    const baseUrl = configVars["API Base URL"];
    const itemsKey = configVars["Items API Key"];

    const orders = await components.http.httpPaginate<{ data: { items: Order[]; pages: number } }>({
      url: `${baseUrl}/orders`,
      paginationMode: "cursor",
      itemsPath: "orders",
      cursorPath: "next",
      cursorParam: "cursor",
      connection: itemsKey,
    });
    const ids = orders.data.items.map((order) => order.id);

    // Variables Object keeps JSON types: ids stay numbers. (The Variables list sends text.)
    const invoices = await components.http.httpGraphql<{ data: { invoices: { orderId: number }[] } }>({
      url: `${baseUrl}/graphql`,
      query: "query Invoices($ids: [Int!]!) { invoices(orderIds: $ids) { orderId } }",
      variablesObject: asInput({ ids }),
      connection: itemsKey,
    });

    return { data: { pages: orders.data.pages, invoiced: invoices.data.invoices.map((invoice) => invoice.orderId) } };
  },
});

export default [syncFirstItem, invoiceOrders];
