// The English dictionary; every key of vi must be here (a missing one is a type error in its section).
import { dictionaries } from "./index";
export const en = dictionaries.en;
