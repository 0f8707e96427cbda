/**
 * A query whose shape is fixed and whose values change, built and compiled by Kysely once per shape.
 *
 * Kysely builds an operation tree and compiles it to SQL text on every call. For a statement of many parts (the staff
 * queue's union of per-status branches, its bucket counts) that took longer than the database took to run it. A
 * template builds the statement once with a stand-in for each value, notes where each stand-in went among the
 * parameters, and from then on only puts the values in their places.
 *
 * So each value must reach the SQL unchanged, as a parameter, and must never steer the building: a value that decides
 * the statement's shape (which branches, whether there is a cursor) belongs in the shape's key instead, and a value a
 * shape does not use is simply left out of its SQL. Compiling refuses what it can see going wrong — a value changed on
 * its way (sliced, added to, turned into text) or written into the SQL text — but not a value used in an `if` or a
 * `Math.max` while building: the stand-in would decide, once for every later call.
 */
import { CompiledQuery, type Kysely } from "kysely";

type Values = Record<string, string | number>;

/** Where a parameter comes from: one of the values, or a constant of the statement. */
type Slot = { value: string } | { constant: unknown };

interface Compiled {
  sql: string;
  slots: Slot[];
}

// Numbers no caller passes (far below any id, count or limit), far apart, so that arithmetic on one never lands on
// another: each names one value while the statement compiles.
const NUMBER_BASE = -(2 ** 52);
const NUMBER_STEP = 2 ** 32;
const standInString = (name: string) => `\u0000${name}\u0000`;
/** Text that carries a stand-in, whole or changed: a marker of a string's, or the 16 digits of a number's. */
const standsIn = (text: string) => text.includes("\u0000") || /\d{15,}/.test(text);

/**
 * The statements of one query, by database and shape. `build` makes the statement for the shape named (it is called
 * once per shape, with stand-ins for the values).
 */
export function queryTemplate<D, V extends Values>(): (
  db: Kysely<D>,
  shape: string,
  values: V,
  build: (values: V) => CompiledQuery,
) => CompiledQuery {
  const compiledFor = new WeakMap<object, Map<string, Compiled>>();

  function compile(values: V, build: (values: V) => CompiledQuery): Compiled {
    const names = Object.keys(values);
    const standIns = new Map<unknown, string>();
    const stood = Object.fromEntries(
      names.map((name, i) => {
        const standIn = typeof values[name] === "number" ? NUMBER_BASE + i * NUMBER_STEP : standInString(name);
        standIns.set(standIn, name);
        return [name, standIn];
      }),
    ) as V;
    const query = build(stood);
    if (standsIn(query.sql)) throw new Error("queryTemplate: a value was written into the SQL text, not passed as a parameter");
    const slots: Slot[] = query.parameters.map((p) => {
      const name = standIns.get(p);
      if (name !== undefined) return { value: name };
      // A stand-in changed on its way (sliced, added to, made text): its value would be frozen into the template.
      if ((typeof p === "string" && standsIn(p)) || (typeof p === "number" && p < NUMBER_BASE / 2))
        throw new Error("queryTemplate: a value was changed before it became a parameter; pass the changed value instead");
      return { constant: p };
    });
    return { sql: query.sql, slots };
  }

  return (db, shape, values, build) => {
    let byShape = compiledFor.get(db);
    if (!byShape) compiledFor.set(db, (byShape = new Map()));
    let compiled = byShape.get(shape);
    if (!compiled) byShape.set(shape, (compiled = compile(values, build)));
    return CompiledQuery.raw(
      compiled.sql,
      compiled.slots.map((s) => ("value" in s ? values[s.value] : s.constant)),
    );
  };
}
