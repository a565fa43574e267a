/*
 * axios's utils.js reads `globalThis.FormData` when it loads, to test `instanceof` in
 * `isFormData`. On Node that global is a lazy getter: the first read loads all of undici, about
 * a third of the bundle's require time, for a class the connector never hands to axios (it sends
 * form-data's streams). The swap below leaves the constructor undefined; `isFormData` then falls
 * back to its duck test (an `append` method and `[object FormData]`), which still recognises a
 * native FormData, so axios behaves the same. test/bundle.test.ts checks both halves: the bundle
 * loads no undici, and a native FormData still passes the fallback.
 */

const checkedSwap = require("./checkedSwap");

const ORIGINAL = "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;";
const REPLACEMENT = "const FormDataCtor = undefined;";

/** A webpack loader for axios's lib/utils.js. */
module.exports = checkedSwap("scripts/webpack/axiosFormData.js", ORIGINAL, REPLACEMENT);
