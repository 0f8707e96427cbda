/**
 * A separate process that adds 1 to `counter.n` many times, each a read-then-write transaction, for the test
 * of the write-transaction helper across processes. Usage: tsx counter-writer.ts <sqlite file> <times> <transaction|helper>
 */
import { sql } from "kysely";
import { createDb } from "../../db/client";
import { writeTransaction } from "../../db/transaction";

const [file, times, mode] = process.argv.slice(2);
const db = createDb(`file:${file}`);

async function increment() {
  const body = async (tx: typeof db) => {
    const row = await sql<{ n: number }>`select n from counter`.execute(tx);
    await new Promise((resolve) => setTimeout(resolve, 1));
    await sql`update counter set n = ${row.rows[0].n + 1}`.execute(tx);
  };
  if (mode === "transaction") await db.transaction().execute(body);
  else await writeTransaction(db, body);
}

let failures = 0;
await Promise.all(Array.from({ length: Number(times) }, () => increment().catch(() => failures++)));
await db.destroy();
process.stdout.write(JSON.stringify({ failures }));
