import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test-support/fast-check-seed.ts"],
    // A guard against hangs, not a speed target (those live in npm run bench): the CLI tests spawn the real
    // binary many times and take several times longer on a loaded machine.
    testTimeout: 60_000,
    // expect.poll waits for the real app in Chromium; its 1 s default is too short on a loaded machine.
    expect: { poll: { timeout: 10_000 } },
  },
});
