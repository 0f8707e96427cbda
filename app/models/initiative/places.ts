/** Kinds of commune-level unit since 1 July 2025 (no districts any more). */
export { UNIT_TYPES, type UnitType } from "../../domain/vocabulary";
