/*
 * A webpack loader that swaps one exact piece of a dependency's source for another. The build
 * fails when the original text is missing, so a dependency upgrade can never silently drop a
 * swap: whoever upgrades sees the error, reads the new source and updates the swap.
 */

/**
 * @param {string} file the loader's own file, named in the error
 * @param {string} original the exact text to find, once
 * @param {string} replacement what it becomes
 */
function checkedSwap(file, original, replacement) {
  function loader(source) {
    if (!source.includes(original)) {
      throw new Error(
        `${file}: the text this loader replaces is not in ${this.resourcePath}; check the dependency's new source and update the swap`,
      );
    }
    return source.replace(original, replacement);
  }
  loader.ORIGINAL = original;
  loader.REPLACEMENT = replacement;
  return loader;
}

module.exports = checkedSwap;
