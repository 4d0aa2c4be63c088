import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["client/test/**/*.test.ts", "cli/test/**/*.test.ts", "scripts/test/**/*.test.ts", "db/tests/**/*.test.ts"],
    // One file at a time: the embedded engine has a single backend shared by all clients.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The local mirror's migrations must stay fully covered: a released database
    // takes paths (failures, rebuilds, too-new files) that no one exercises by hand.
    // Only files a run loads are measured, and everything outside the migrations
    // folder is excluded, so runs that never load the mirror are unaffected; a run
    // filtered to part of the mirror's tests needs `--coverage.enabled=false`.
    coverage: {
      enabled: true,
      provider: "v8",
      exclude: ["!**/client/src/mirror/migrations/**"],
      reporter: ["text"],
      thresholds: {
        "client/src/mirror/migrations/**": { statements: 100 },
      },
    },
  },
});
