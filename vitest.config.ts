import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  esbuild: { jsx: "automatic" },
  test: {
    globals: true,
    include: ["tests/**/*.test.{ts,tsx}"],
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // one migrated and seeded SQLite template per run, copied per test database (the PostgreSQL config has its own)
    globalSetup: ["tests/setup/global-sqlite.ts"],
    // the build is plain Node code: imported natively, not transformed and evaluated again in every test file
    server: { deps: { external: [/\/build\/index\.js$/] } },
    // a cheap scrypt cost for the passwords the suite hashes (never in production: tests/unit/password-cost.test.ts)
    env: { PASSWORD_HASH_TEST_N: "1024" },
  },
});
