import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test-support/fast-check-seed.ts"],
    testTimeout: 20_000,
  },
});
