import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The web lab: src/web is the app's root; the build lands in dist/web, beside the compiled package.
export default defineConfig({
  root: "src/web",
  base: "./",
  resolve: {
    alias: [
      // vega-datasets exports only its index (which fetches from a CDN); the lab bundles the data files
      // themselves, so that the page makes no request after it loads.
      {
        find: /^vega-datasets\/data\//,
        replacement: fileURLToPath(new URL("./node_modules/vega-datasets/data/", import.meta.url)),
      },
    ],
  },
  build: { outDir: "../../dist/web", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 1024 },
  worker: { format: "es" },
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  preview: { host: "127.0.0.1", port: 5173, strictPort: true },
});
