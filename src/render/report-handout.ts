/**
 * The report's printable handout: the guided lesson's nine chapters on the user's data, each with its
 * text, its set-up, the question to predict, the task and its hints, and a line to write the answer on;
 * the theory's answers on a page of their own at the end (a new page when printed), so a teacher can hand
 * out the first pages and keep the last.
 *
 * The chapters are the web lab's (core/guide.ts computes the facts and objectives, render/guide-words.ts
 * words them): the same numbers and the same tasks whether a class follows the guide on screen or on paper.
 */
import type { GuideFacts } from "../core/lesson/guide.js";
import { escapeXml } from "./escape.js";
import type { RenderEnvironment } from "./frame.js";
import { chapterWords, guessingTable } from "./guide-words.js";
import type { PageSection } from "./html.js";
import type { ReportLesson } from "./report.js";

/** The handout's sections: an opening, one per chapter, and the answers (a page of their own). */
export function handoutSections(_: RenderEnvironment, lesson: ReportLesson): PageSection[] {
  const facts = lesson.guide;
  if (!facts) return [];
  const sections: PageSection[] = [
    {
      heading: "The lesson as a handout",
      pageBreak: true,
      paragraphs: [
        `Nine short chapters on ${lesson.data.source} (${lesson.data.xName} against ${lesson.data.yName}), in the order of the lesson: the line and its loss, guessing, following the gradient, rates too small, too large and larger still, decay, units, and choosing a rate in practice. Each ends with a task; the answers are on the last page.`,
        "Do the tasks in the web lab (npm start, then open the link it prints; add ?chapter=N to go to chapter N, whose set-up button puts the lab in the chapter's settings), or with lrlab fit and its flags.",
      ],
    },
  ];
  for (const chapter of facts.chapters) {
    const words = chapterWords(chapter, facts);
    const parts: string[] = [];
    for (const paragraph of words.text) parts.push(`<p>${escapeXml(paragraph)}</p>`);
    if (chapter.id === "guessing") parts.push(guessingHtml(facts));
    parts.push(`<p><em>Set-up:</em> ${escapeXml(words.setup)}</p>`);
    if (words.predict)
      parts.push(
        `<p><em>Predict first:</em> ${escapeXml(words.predict)} (crawl / settle / jump around / jump out)</p><div class="answer-line"></div>`,
      );
    parts.push(`<p class="task">Task: ${escapeXml(words.task)}</p>`);
    if (chapter.objective !== null) parts.push('<div class="answer-line"></div>');
    if (words.hints.length > 0)
      parts.push(
        `<details open><summary>Hints</summary><ul>${words.hints.map((hint) => `<li>${escapeXml(hint)}</li>`).join("")}</ul></details>`,
      );
    sections.push({
      heading: `Chapter ${chapter.number}. ${words.title}`,
      html: `<div class="chapter" data-chapter="${chapter.number}">${parts.join("\n")}</div>`,
    });
  }
  const answers = facts.chapters
    .map((chapter) => ({ chapter, words: chapterWords(chapter, facts) }))
    .filter(({ words }) => words.reveal !== "")
    .map(
      ({ chapter, words }) =>
        `<li value="${chapter.number}"><strong>${escapeXml(words.title)}.</strong> ${escapeXml(words.reveal)}</li>`,
    );
  sections.push({
    heading: "Answers",
    pageBreak: true,
    html:
      answers.length > 0
        ? `<ol class="answers">${answers.join("\n")}</ol>`
        : "<p>These data give the chapters no task with an answer.</p>",
  });
  return sections;
}

/** Chapter 2's table: guesses needed against gradient descent's evaluations, as in the lab. */
function guessingHtml(facts: GuideFacts): string {
  const table = guessingTable(facts);
  if (!table) return "";
  const head = table.head.map((cell) => `<th>${escapeXml(cell)}</th>`).join("");
  const rows = table.rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeXml(cell)}</td>`).join("")}</tr>`)
    .join("\n");
  return `<table class="guessing"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}
