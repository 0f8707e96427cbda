/** Field limits of a meeting: shared by the form (maxLength) and its schema. */
export const PLACE_MAX = 200;
export const NOTE_MAX = 2000;
