/** pg_dump and pg_restore, run with the password in their environment: never on a command line `ps` shows. */
import { spawn } from "node:child_process";

export function pgConnection(url: string): { dbArg: string; env: Record<string, string> } {
  const u = new URL(url);
  const env: Record<string, string> = {};
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  u.password = "";
  return { dbArg: u.toString(), env };
}

export function runPgTool(tool: "pg_dump" | "pg_restore", args: string[], url: string): Promise<void> {
  const { dbArg, env } = pgConnection(url);
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [...args, `--dbname=${dbArg}`], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.once("error", (e) =>
      reject(
        new Error(
          `${tool} could not be run (${(e as NodeJS.ErrnoException).code}): install the PostgreSQL client tools of the server's version`,
        ),
      ),
    );
    child.once("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${tool} failed (exit ${code}): ${err.trim().split("\n")[0] ?? ""}`));
    });
  });
}
