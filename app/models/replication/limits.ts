/** The longest result note of an adoption: shared by the form (maxLength) and its schema. */
export const RESULT_MAX = 500;
