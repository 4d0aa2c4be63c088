import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["client/test/**/*.test.ts", "scripts/test/**/*.test.ts"],
    // One file at a time: the embedded engine has a single backend shared by all clients.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
