/** The statuses after which the submitter may rate the answer (docs/decisions/037): a final answer, once. */
export const RATABLE_STATUSES = ["recognised", "not_recognised", "published", "rejected"] as const;

export function isRatable(status: string): boolean {
  return (RATABLE_STATUSES as readonly string[]).includes(status);
}
