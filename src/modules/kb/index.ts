/** The knowledge base: what the app, the CLI, the seed and other modules may use. */
export { importArticles, importArticleDirectory, readArticleDirectory, exportArticleContents, exportArticleDirectory, type ArticleImportSummary } from './import.ts';
export { parseArticleFile, formatArticleFile, articleFileName, type ArticleContent, type ArticleFile } from './format.ts';
export { loadDemoArticles, DEMO_ARTICLES_DIR } from './seed-files.ts';
