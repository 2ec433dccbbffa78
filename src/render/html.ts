/**
 * A self-contained HTML page: styles and figures inline, no script or font fetched from anywhere, so it
 * opens from disk and can be mailed around. Every user-provided string is escaped.
 */
import { escapeXml } from "./escape.js";
import type { Figure } from "./frame.js";
import { THEME } from "./theme.js";

export interface PageSection {
  heading?: string;
  /** Paragraphs of plain text (escaped). */
  paragraphs?: readonly string[];
  /** Trusted HTML made by lrlab itself (tables, lists), inserted as is. */
  html?: string;
  figures?: readonly Figure[];
  /** Printed, the section starts a new page (a handout's answers). */
  pageBreak?: boolean;
}

export interface PageOptions {
  title: string;
  subtitle?: string;
  sections: readonly PageSection[];
  /** `@font-face` rules (with the font inlined as data), so the page looks the same everywhere. */
  fontCss?: string;
}

export function htmlPage({ title, subtitle, sections, fontCss = "" }: PageOptions): string {
  const body = sections
    .map((section) => {
      const parts: string[] = [];
      if (section.heading) parts.push(`<h2>${escapeXml(section.heading)}</h2>`);
      for (const paragraph of section.paragraphs ?? []) parts.push(`<p>${escapeXml(paragraph)}</p>`);
      if (section.html) parts.push(section.html);
      for (const figure of section.figures ?? []) {
        parts.push(`<figure>${figure.svg}</figure>`);
      }
      return `<section${section.pageBreak ? ' class="page-break"' : ""}>${parts.join("\n")}</section>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>${escapeXml(title)}</title>
<style>
${fontCss}
:root { color: ${THEME.ink}; background: ${THEME.background}; font-family: ${THEME.fontFamily}; }
body { max-width: 1320px; margin: 2rem auto; padding: 0 1.25rem; line-height: 1.5; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
.subtitle { color: ${THEME.muted}; margin: 0 0 1.5rem; }
figure { margin: 1rem 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
/* A wide table scrolls inside itself on a phone rather than scrolling the page sideways. */
table { border-collapse: collapse; font-variant-numeric: tabular-nums; display: block; max-width: 100%; overflow-x: auto; }
pre { max-width: 100%; overflow-x: auto; }
th, td { padding: .25rem .75rem; text-align: right; border-bottom: 1px solid ${THEME.grid}; }
th:first-child, td:first-child { text-align: left; }
.chapter { border-left: 3px solid ${THEME.grid}; padding-left: 1rem; }
.task { font-weight: 600; }
.answer-line { border-bottom: 1px solid ${THEME.muted}; height: 1.6rem; }
@media print {
  body { max-width: none; margin: 0; }
  .page-break { break-before: page; }
  section, figure { break-inside: avoid; }
}
</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
${subtitle ? `<p class="subtitle">${escapeXml(subtitle)}</p>` : ""}
${body}
</body>
</html>
`;
}

/**
 * Inline in HTML an <svg> needs no namespace declaration (the HTML parser gives it the SVG namespace), and
 * without it the page holds no web address at all, so a reader can check at a glance that it fetches
 * nothing.
 */
export function withoutNamespace(section: PageSection): PageSection {
  if (!section.figures) return section;
  return {
    ...section,
    figures: section.figures.map((figure) => ({
      ...figure,
      svg: figure.svg.replace(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, "<svg"),
    })),
  };
}
