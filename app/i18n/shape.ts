/**
 * The English dictionary must have exactly the keys of the Vietnamese one: `Translation<typeof vi>`
 * turns a missing or extra key into a type error. Values are strings or functions that build strings.
 */
export type Translation<T> = {
  [K in keyof T]: T[K] extends string ? string : T[K] extends (...args: infer A) => string ? (...args: A) => string : Translation<T[K]>;
};
