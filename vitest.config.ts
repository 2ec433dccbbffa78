import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test-support/fast-check-seed.ts"],
    // A guard against hangs, not a speed target (those live in npm run bench): the CLI tests spawn the real
    // binary many times and take several times longer on a loaded machine.
    testTimeout: 60_000,
  },
});
