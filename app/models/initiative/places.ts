/** Kinds of commune-level unit since 1 July 2025 (no districts any more). */
export const UNIT_TYPES = ["phường", "xã"] as const;
export type UnitType = (typeof UNIT_TYPES)[number];
