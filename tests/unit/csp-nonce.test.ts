import { describe, expect, it } from "vitest";
import { cspNonce } from "~/utils/csp-nonce.server";

describe("CSP nonces", () => {
  it("are 18 random bytes in base64, never handed out twice, across many refills of the pool", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const nonce = cspNonce();
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(18);
      seen.add(nonce);
    }
    expect(seen.size).toBe(5000);
  });
});
