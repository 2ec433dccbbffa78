/**
 * What kind of text a CSV file is, from its first piece (64 KiB from the CLI's file stream, far more
 * from a browser's File, so the header is whole in it): which delimiter its header uses (comma,
 * semicolon or tab, as spreadsheets save them in different countries), and whether it is text at all
 * (a UTF-16 export or a binary file read as UTF-8 gives mojibake and control characters, never a
 * useful "expected a number").
 */

/** The delimiters a spreadsheet writes, in the order that breaks ties. */
export const CSV_DELIMITERS = [",", ";", "\t"] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/**
 * The delimiter of the header (the first non-blank line): whichever of comma, semicolon and tab occurs
 * most often outside quotes; on a tie, the one the next line uses as often (a semicolon file whose header
 * holds an unquoted comma, `Größe (m);Gewicht, kg`, was split on commas), then a semicolon; a comma for a
 * one-column file.
 */
export function sniffDelimiter(text: string): CsvDelimiter {
  const [header, next] = delimiterCounts(text, 2);
  if (!header) return ",";
  const most = Math.max(...CSV_DELIMITERS.map((delimiter) => header.get(delimiter) as number));
  const tied = CSV_DELIMITERS.filter((delimiter) => most > 0 && header.get(delimiter) === most);
  if (tied.length === 0) return ",";
  const consistent = tied.filter((delimiter) => next?.get(delimiter) === most);
  const candidates = consistent.length > 0 ? consistent : tied;
  // Still tied (`Größe (m);Gewicht, kg` over `1,7;70`): a semicolon, as files whose commas are decimal
  // commas or parts of names are written; a comma is the one that turns up inside names and numbers.
  return candidates.includes(";") ? ";" : (candidates[0] as CsvDelimiter);
}

/** Each delimiter's count outside quotes on the first `lines` non-blank lines. */
function delimiterCounts(text: string, lines: number): Map<string, number>[] {
  const counted: Map<string, number>[] = [];
  let counts = new Map<string, number>(CSV_DELIMITERS.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  let seenContent = false;
  for (let i = 0; i < text.length && counted.length < lines; i++) {
    const character = text[i] as string;
    if (character === '"') quoted = !quoted;
    else if (!quoted && (character === "\n" || character === "\r")) {
      if (seenContent) {
        counted.push(counts);
        counts = new Map<string, number>(CSV_DELIMITERS.map((delimiter) => [delimiter, 0]));
        seenContent = false;
      }
      continue;
    } else if (!quoted && counts.has(character)) counts.set(character, (counts.get(character) as number) + 1);
    if (character.trim() !== "") seenContent = true;
  }
  if (seenContent && counted.length < lines) counted.push(counts);
  return counted;
}

/** Code units examined: enough to see a pattern, few enough to cost nothing on a big file. */
const SAMPLE = 4096;

/**
 * Why the text cannot be a CSV as it was decoded, as the end of a sentence starting with the file's
 * name ("is UTF-16; save it as UTF-8"), or undefined when it looks like text.
 *
 * Read as UTF-8, a UTF-16 file starts with two replacement characters (its byte-order mark FF FE or
 * FE FF) and has a NUL beside every ASCII character; a binary file has NULs or many control characters.
 */
export function textProblem(text: string): string | undefined {
  const sample = text.slice(0, SAMPLE);
  const body = sample.startsWith("\ufffd\ufffd") ? sample.slice(2) : sample;
  if (sample.startsWith("\ufffd\ufffd") || alternateNuls(body)) return "is UTF-16; save it as UTF-8";
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0) return BINARY;
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 0xfffd) control++;
  }
  // A stray undecodable accent in a header is still text; a binary file has them by the dozen.
  return control >= 8 && control > 0.05 * sample.length ? BINARY : undefined;
}

const BINARY = "is not a text file (it holds binary data); if it is a spreadsheet, save it as CSV in UTF-8";

/** Whether every other code unit is NUL, as when UTF-16 text of ASCII characters is read as UTF-8. */
function alternateNuls(text: string): boolean {
  const pairs = Math.floor(text.length / 2);
  if (pairs < 2) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < pairs; i++) {
    if (text.charCodeAt(2 * i) === 0) even++;
    if (text.charCodeAt(2 * i + 1) === 0) odd++;
  }
  return Math.max(even, odd) >= 0.9 * pairs && Math.min(even, odd) <= 0.1 * pairs;
}
