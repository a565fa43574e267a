import { action, component } from "@prismatic-io/spectral";

/**
 * The smallest spectral component: one action that returns a constant. Built with the same
 * webpack configuration as the connector, it is the yardstick for bundle size and start-up time.
 */
export default component({
  key: "reference",
  public: false,
  display: {
    label: "Reference",
    description: "The smallest spectral component, for benchmarks.",
    iconPath: "icon.png",
  },
  actions: {
    constant: action({
      display: { label: "Constant", description: "Returns a constant" },
      inputs: {},
      perform: async () => ({ data: "constant" }),
    }),
  },
});
