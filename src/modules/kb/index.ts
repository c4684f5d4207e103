/** The knowledge base: what the app, the CLI, the seed and other modules may use. */
export { importArticles, importArticleDirectory, readArticleDirectory, exportArticleContents, exportArticleDirectory, type ArticleImportSummary } from './import.ts';
export { parseArticleFile, formatArticleFile, articleFileName, type ArticleContent, type ArticleFile } from './format.ts';
export { loadDemoArticles, DEMO_ARTICLES_DIR } from './seed-files.ts';
export { registerKbRoutes } from './routes.ts';
export { registerKbCommands } from './cli.ts';
export { renderArticleMarkdown, sanitizeArticleHtml } from './render.ts';
export { createArticle, updateArticle, transitionArticle, getArticle, listArticles, listVersions, diffArticleVersions, reviewQueue, flagArticle, listFlags, resolveFlag } from './service.ts';
export { getPublicArticle, listPublicArticles, flagPublicArticle, recordPublicFeedback, defaultPublicLimits, RateLimiter, type PublicLimits } from './public.ts';
