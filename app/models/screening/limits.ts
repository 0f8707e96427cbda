// Not in the .server module beside it: the page renders this, and a .server module is empty in the browser bundle.

/** The longest message to the submitter or staff note, in characters (the form's maxLength and the server's check). */
export const MESSAGE_MAX = 5000;
