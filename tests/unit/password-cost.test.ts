/**
 * The suite hashes with a cheaper scrypt cost (vitest.config.ts sets PASSWORD_HASH_TEST_N); production must not:
 * whatever the environment says, a production process hashes at N = 16384, and a hash of either cost verifies.
 */
import { describe, expect, it } from "vitest";
import { hashPassword, passwordHashCost, verifyPassword } from "~/utils/password.server";

const costOf = (hash: string) => Number(hash.split("$")[1]);

describe("the password hash's cost", () => {
  it("is N = 16384 in production, even with the test setting present", async () => {
    expect(passwordHashCost({ NODE_ENV: "production", PASSWORD_HASH_TEST_N: "16" })).toBe(16384);
    expect(passwordHashCost({ NODE_ENV: "development" })).toBe(16384);
    const saved = { ...process.env };
    try {
      process.env.NODE_ENV = "production";
      process.env.PASSWORD_HASH_TEST_N = "16";
      const hash = await hashPassword("mật khẩu thật dài");
      expect(costOf(hash)).toBe(16384);
      expect(await verifyPassword("mật khẩu thật dài", hash)).toBe(true);
      expect(await verifyPassword("mật khẩu khác", hash)).toBe(false);
    } finally {
      process.env.NODE_ENV = saved.NODE_ENV;
      process.env.PASSWORD_HASH_TEST_N = saved.PASSWORD_HASH_TEST_N;
    }
  });

  it("outside production takes only a power of two up to N from the test setting", async () => {
    expect(passwordHashCost({ NODE_ENV: "test", PASSWORD_HASH_TEST_N: "1024" })).toBe(1024);
    for (const bad of ["1000", "0", "1", "32768", "abc", "-16"]) {
      expect(passwordHashCost({ NODE_ENV: "test", PASSWORD_HASH_TEST_N: bad }), bad).toBe(16384);
    }
    const hash = await hashPassword("mật khẩu thật dài");
    expect(costOf(hash)).toBe(passwordHashCost());
    expect(await verifyPassword("mật khẩu thật dài", hash)).toBe(true);
  });
});
