/**
 * An uploaded CSV survives a reload of the same tab: its contents are not in the URL (they could be
 * megabytes, and private), so a small file is kept in this tab's sessionStorage instead. A shared link
 * to uploaded data asks the receiver to upload the file again.
 */

const KEY = "lrlab:upload";
/** Files up to this size are remembered (sessionStorage holds about 5 MB). */
const MAX_BYTES = 2_000_000;

/** Keeps `file` for reloads of this tab, if it is small enough; forgets the previous one either way. */
export async function rememberUpload(file: File): Promise<void> {
  try {
    sessionStorage.removeItem(KEY);
    if (file.size > MAX_BYTES) return;
    sessionStorage.setItem(KEY, JSON.stringify({ name: file.name, text: await file.text() }));
  } catch {
    // Storage can be full or disabled; a reload then asks for the file again.
  }
}

/** The file kept by {@link rememberUpload}, or null. */
export function restoreUpload(): File | null {
  try {
    const saved = sessionStorage.getItem(KEY);
    if (saved === null) return null;
    const parsed: unknown = JSON.parse(saved);
    if (typeof parsed !== "object" || parsed === null) return null;
    const { name, text } = parsed as { name?: unknown; text?: unknown };
    if (typeof name !== "string" || typeof text !== "string") return null;
    return new File([text], name, { type: "text/csv" });
  } catch {
    return null;
  }
}
