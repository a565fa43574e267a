/**
 * What each action returns, shown in the designer before a step has run. They mirror real
 * results: a test runs every action against the demo API and checks each has this shape.
 */
import type { BranchResult } from "../request/branch";
import type { ActionResult } from "../request/result";

const ITEM = { id: 1, name: "Widget", price: 9.5, inStock: true };
const CREATED = { id: 4, name: "Doohickey", price: 12.25 };

const FULL_RESPONSE = {
  data: ITEM,
  status: 200,
  statusText: "OK",
  headers: { "content-type": "application/json", "content-length": "51" },
  url: "https://api.example.com/items/1",
};

/** Typed as what the actions return (not as literals), so `perform` keeps its own return type. */
export const EXAMPLES: Record<
  "list" | "created" | "replaced" | "item" | "deleted" | "upload" | "graphql" | "pages",
  ActionResult
> & {
  branch: BranchResult;
} = {
  list: { data: [ITEM, { id: 2, name: "Gadget", price: 24, inStock: true }] },
  created: { data: CREATED },
  replaced: { data: { id: 2, name: "Gadget Pro", price: 29 } },
  item: { data: ITEM },
  deleted: { data: null },
  upload: {
    data: {
      method: "POST",
      parts: [
        {
          name: "description",
          fileName: null,
          contentType: null,
          size: 16,
          sha256: "a6c06336a71f7d255df7bddf4942ec1817cbcee447d1e18af39f7a88e0b37996",
        },
        {
          name: "report",
          fileName: "report.csv",
          contentType: "text/csv",
          size: 56,
          sha256: "3b1f0c6e0ad2a6a1f04c8f7b6f1b1d9f2a1e5c7d9b3a4e6f8c0d2b4a6e8f0a1c",
        },
      ],
    },
  },
  branch: { branch: "Success", data: FULL_RESPONSE },
  graphql: { data: { items: [ITEM, { id: 2, name: "Gadget", price: 24, inStock: true }] } },
  pages: { data: { items: [ITEM, { id: 2, name: "Gadget", price: 24, inStock: true }], pages: 1, truncated: false } },
};
