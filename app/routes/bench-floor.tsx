/**
 * The benchmark's framework floor (tests/bench): a page of this app that does no database work. The bench
 * asks for as many rows as make the page as large as the page it measures, so the difference between the two
 * is the cost of the queries and of the page's own components, not of Remix, React, express or the layout.
 * It exists only when the server runs with BENCH_FLOOR=1; otherwise it is an ordinary 404.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { httpError } from "~/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Bench floor" }, { name: "robots", content: "noindex" }];

const MAX_ROWS = 20_000;

export async function loader({ request }: LoaderFunctionArgs) {
  // Read directly rather than through the env schema: the switch belongs to the bench, not to the product.
  if (process.env.BENCH_FLOOR !== "1") throw httpError(404, "not_found");
  const requested = Number(new URL(request.url).searchParams.get("rows") ?? 20);
  const count = Number.isFinite(requested) ? Math.max(0, Math.min(MAX_ROWS, Math.floor(requested))) : 20;
  const rows = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    code: `SK-2026-${String(i + 1).padStart(6, "0")}`,
    title: "Số hóa thủ tục đăng ký khai sinh qua ứng dụng định danh điện tử",
    status: "in_review",
    area: "procedures",
    unit: "Phường Hoàn Kiếm",
    submittedAt: "2026-03-14T08:30:00.000Z",
    dueOn: "2026-06-14",
  }));
  return { rows };
}

export default function BenchFloor() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>Bench floor</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Title</th>
            <th scope="col">Status</th>
            <th scope="col">Area</th>
            <th scope="col">Unit</th>
            <th scope="col">Submitted</th>
            <th scope="col">Due</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <a href={`/bench-floor?row=${r.id}`}>{r.code}</a>
              </td>
              <td>{r.title}</td>
              <td>{r.status}</td>
              <td>{r.area}</td>
              <td>{r.unit}</td>
              <td>{r.submittedAt.slice(0, 10)}</td>
              <td>{r.dueOn}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
