/**
 * CSV files separated by semicolons or tabs, as spreadsheets export them in many locales (where the comma
 * is the decimal mark), read as if they were comma-separated. The header row decides: no comma in it, but
 * a semicolon (or a tab), and that is the delimiter. The text is rewritten line for line (papaparse quotes
 * what needs it), so the core's messages still name the right line. Pure.
 */
import Papa from "papaparse";

/** The delimiter of CSV text by its header row: ";" or "\t" when the header has one of them and no comma. */
export function headerDelimiter(text: string): "," | ";" | "\t" {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const end = text.indexOf("\n", start);
  const header = text.slice(start, end < 0 ? undefined : end);
  if (header.includes(",")) return ",";
  if (header.includes(";")) return ";";
  return header.includes("\t") ? "\t" : ",";
}

/** `text` as comma-separated text: as it is when it already is, else rewritten from its header's delimiter. */
export function withCommas(text: string): string {
  const delimiter = headerDelimiter(text);
  if (delimiter === ",") return text;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const { data } = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false });
  return Papa.unparse(data, { newline: "\n" });
}
