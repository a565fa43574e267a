const path = require("node:path");
const CopyPlugin = require("copy-webpack-plugin");

/** The bundle the platform runtime loads: one CommonJS file whose default export is the component. */
module.exports = {
  mode: "production",
  target: "node20",
  entry: "./src/index.ts",
  output: {
    filename: "index.js",
    path: path.resolve(__dirname, "dist"),
    library: { type: "commonjs2" },
    clean: true,
  },
  resolve: { extensions: [".ts", ".js"] },
  // Loaded by the proxy agents only for Kerberos proxy authentication, which needs a native addon.
  externals: { kerberos: "commonjs kerberos" },
  module: {
    rules: [{ test: /\.ts$/, use: { loader: "ts-loader", options: { transpileOnly: true } }, exclude: /node_modules/ }],
  },
  plugins: [new CopyPlugin({ patterns: [{ from: "assets/icon.png", to: "icon.png" }] })],
  optimization: { usedExports: true },
  performance: { hints: false },
};
