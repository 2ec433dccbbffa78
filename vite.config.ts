import { defineConfig } from "vite";

// The web lab: src/web is the app's root; the build lands in dist/web, beside the compiled package.
export default defineConfig({
  root: "src/web",
  base: "./",
  build: { outDir: "../../dist/web", emptyOutDir: true, target: "es2022" },
  worker: { format: "es" },
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  preview: { host: "127.0.0.1", port: 5173, strictPort: true },
});
