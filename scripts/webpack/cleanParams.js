/*
 * Spectral's action wrapper cleans every input on every call with `cleanParams`, which copies
 * the whole result object once per input (`Object.assign({}, result)` inside a reduce): quadratic
 * in the number of inputs. With the 25 inputs of a request action that is the largest single
 * cost of a step's own work (measured with `npm run bench:profile`). The loader below swaps that
 * one function, in spectral's `serverTypes/perform.js` only, for a linear one with the same
 * result: the same keys in the same order (the step's, then the cleaners'), each value cleaned
 * by its cleaner. test/bundle.test.ts checks the two agree on random inputs. The swap is checked
 * (scripts/webpack/checkedSwap.js): the build fails if spectral's source changes and the original
 * is not found, so the swap is never silently lost.
 */

const checkedSwap = require("./checkedSwap");

/** The function exactly as spectral 10 ships it. */
const ORIGINAL = `const cleanParams = (params, cleaners) => {
    const keys = (0, uniq_1.default)([...Object.keys(params), ...Object.keys(cleaners)]);
    return keys.reduce((result, key) => {
        const value = params[key];
        const cleanFn = cleaners[key];
        return Object.assign(Object.assign({}, result), { [key]: cleanFn ? cleanFn(value) : value });
    }, {});
};`;

/**
 * The same in one pass. A key named `__proto__` is skipped: spectral's version drops it too
 * (Object.assign sets the prototype instead of copying it), except as the last key, where it
 * would give the result that prototype.
 */
const REPLACEMENT = `const cleanParams = (params, cleaners) => {
    const result = {};
    const clean = (key) => {
        if (key === "__proto__" || Object.prototype.hasOwnProperty.call(result, key)) return;
        const value = params[key];
        const cleanFn = cleaners[key];
        result[key] = cleanFn ? cleanFn(value) : value;
    };
    Object.keys(params).forEach(clean);
    Object.keys(cleaners).forEach(clean);
    return result;
};`;

/** A webpack loader for spectral's perform.js. */
module.exports = checkedSwap("scripts/webpack/cleanParams.js", ORIGINAL, REPLACEMENT);
