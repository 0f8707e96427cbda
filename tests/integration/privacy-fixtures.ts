/** Shared steps of the personal-data tests: reading a zip back, the private links of demo initiatives. */
import { buffer } from "node:stream/consumers";
import yauzl from "yauzl";
import { trackingToken } from "~/utils/tokens.server";
import type { DB } from "../../db/client";

/** Every entry of a zip, by name, read back with yauzl (the reader the upload checks use). */
export async function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z!))),
  );
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        buffer(stream!).then((b) => {
          out.set(entry.fileName, b);
          zip.readEntry();
        }, reject);
      });
    });
    zip.once("end", () => resolve());
    zip.once("error", reject);
    zip.readEntry();
  });
  return out;
}

/** The private link of an initiative, as its receipt email carries it. */
export async function linkOf(db: DB, id: number) {
  const row = await db.selectFrom("initiatives").select(["id", "code", "link_version"]).where("id", "=", id).executeTakeFirstOrThrow();
  const token = trackingToken(row.code, row.link_version);
  return { code: row.code, token, page: `/track/${row.code}?t=${token}`, q: `?t=${token}` };
}
