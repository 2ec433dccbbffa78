/**
 * Preloaded into a child with `node --import ./bench/report-rss.js <script or CLI> …`: when the process
 * exits, writes its peak resident set size (`process.resourceUsage().maxRSS`, in KiB) as JSON to the file
 * named by LRLAB_BENCH_RSS_FILE, or to stderr. It touches nothing else, so any program can be measured,
 * the real CLI included.
 */
import { writeFileSync } from "node:fs";

process.on("exit", (code) => {
  const report = JSON.stringify({ maxRSSKiB: process.resourceUsage().maxRSS, exitCode: code });
  const file = process.env.LRLAB_BENCH_RSS_FILE;
  if (file) writeFileSync(file, report);
  else process.stderr.write(`${report}\n`);
});
