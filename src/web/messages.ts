/**
 * The core's messages in the lab's words. The core writes a few for the command line (`--y is needed
 * too`, `no column "x" for --x`); the page has column pickers and fields, not flags. Every message from
 * the worker passes through here (worker-client.ts), so a flag never reaches the page. Pure.
 */

/** Phrases about the x and y columns, then any other flag by its bare name (the page's fields say the rest). */
const LAB_WORDS: readonly (readonly [RegExp, string])[] = [
  [/choose two with --x and --y/g, "pick the x and y columns"],
  [/--([xy]) is needed too/g, "a $1 column is needed too"],
  [/ for --([xy])\b/g, " to use as $1"],
  [/--([a-z][a-z0-9-]*)/g, "$1"],
];

/** A value written with a decimal comma at the end of a message about a number: `got "1,5"`. */
const DECIMAL_COMMA = /expected a number, got "[+-]?\d+,\d+"$/;

/** `message` with the command line's words replaced by the lab's. */
export function inLabWords(message: string): string {
  let text = message;
  for (const [pattern, words] of LAB_WORDS) text = text.replace(pattern, words);
  if (DECIMAL_COMMA.test(text)) text += " (decimals need a point: 1.5, not 1,5)";
  return text;
}
