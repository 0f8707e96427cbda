// The Vietnamese dictionary (the default language). Sections live in ./sections.
import { dictionaries } from "./index";
export const vi = dictionaries.vi;
