"use strict";
/*
 * The peer for bench/audit.py: Yoast's content analysis (the `yoastseo` npm
 * package, pinned in package.json) timed on the same articles as our audit.
 *
 * Reads JSON on stdin:
 *   {"runs": 20, "warmup": 3, "articles": [{"name", "text" (HTML), "keyword",
 *    "synonyms", "title", "description", "slug", "permalink", "locale"}]}
 * Writes JSON on stdout: {"yoastseo": version, "node": version, "articles":
 *   [{"name", "cold": {median_ms, p95_ms, runs}, "warm": {...}, "seo_score",
 *     "readability_score", "assessments"}]}
 *
 * One run is what Yoast's own analysis worker does for a post: a new Paper,
 * then the SEO assessor and the content (readability) assessor, each of which
 * builds Yoast's tree of the HTML and runs all its assessments (see
 * build/worker/AnalysisWebWorker.js, analyze()).
 *
 * "cold" clears yoastseo's two text-keyed lodash memo caches (the sentence
 * tokenizer and the HTML block splitter) before each run, so every run
 * analyses the article as if for the first time, which is what our audit's
 * fresh Document per run does. "warm" leaves them filled, as when the same
 * text is analysed again unchanged; it is reported so the reader sees the range.
 * Word-level and configuration memos (word regexes, syllable tables, keyphrase
 * stems) stay warm in both, as our word-level stem cache does.
 */

const { performance } = require("node:perf_hooks");
const { Paper, SeoAssessor, ContentAssessor } = require("yoastseo");
const EnglishResearcher =
  require("yoastseo/build/languageProcessing/languages/en/Researcher").default;
const memoizedSentenceTokenizer =
  require("yoastseo/build/languageProcessing/helpers/sentence/memoizedSentenceTokenizer").default;
const html = require("yoastseo/build/languageProcessing/helpers/html/html");
const { version } = require("yoastseo/package.json");

function clearTextCaches() {
  memoizedSentenceTokenizer.cache.clear();
  html.getBlocks.cache.clear();
}

// Yoast measures the SEO title's width in the browser; Node has no canvas, so
// estimate it at Arial 20px's average of about 8.7 px a character. It only
// moves one assessment's score, not the time.
function titleWidth(title) {
  return Math.round(title.length * 8.7);
}

function paperFor(article) {
  return new Paper(article.text, {
    keyword: article.keyword,
    synonyms: article.synonyms || "",
    title: article.title,
    titleWidth: titleWidth(article.title),
    description: article.description,
    slug: article.slug,
    permalink: article.permalink,
    locale: article.locale || "en_US",
  });
}

// Built once and reused, as Yoast's analysis worker does: only the Paper is new
// for each analysis.
const researcher = new EnglishResearcher();
const seo = new SeoAssessor(researcher);
const content = new ContentAssessor(researcher);

function analyse(article) {
  const paper = paperFor(article);
  seo.assess(paper);
  content.assess(paper);
}

function percentile(sorted, fraction) {
  // Nearest-rank on the sorted sample, like Python's statistics.quantiles
  // closely enough for a p95 of 20+ runs.
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median_ms: median, p95_ms: percentile(sorted, 0.95), runs: sorted.length };
}

function time(article, runs, cold) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    if (cold) clearTextCaches();
    const start = performance.now();
    analyse(article);
    times.push(performance.now() - start);
  }
  return summary(times);
}

function main(input) {
  const { runs = 20, warmup = 3, articles } = JSON.parse(input);
  // Warm the JIT and the configuration memos on every article first.
  for (let i = 0; i < warmup; i++) {
    for (const article of articles) {
      clearTextCaches();
      analyse(article);
    }
  }
  const results = articles.map((article) => {
    analyse(article);
    const scores = {
      seo_score: seo.calculateOverallScore(),
      readability_score: content.calculateOverallScore(),
      assessments: seo.getValidResults().length + content.getValidResults().length,
    };
    const cold = time(article, runs, true);
    const warm = time(article, runs, false);
    return {
      name: article.name,
      cold,
      warm,
      ...scores,
    };
  });
  return { yoastseo: version, node: process.version, articles: results };
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  input += chunk;
});
process.stdin.on("end", () => {
  process.stdout.write(JSON.stringify(main(input)));
});
