import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the knowledge base's tables (migration 0011). schema.ts folds them into Database. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns travel as 'YYYY-MM-DD' text on both engines. */
type DateText = string;

export const ARTICLE_LOCALES = ['en', 'es', 'vi', 'zh-Hant', 'ru'] as const;
export type ArticleLocale = (typeof ARTICLE_LOCALES)[number];
export const ARTICLE_AUDIENCES = ['public', 'staff'] as const;
export type ArticleAudience = (typeof ARTICLE_AUDIENCES)[number];
export const ARTICLE_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const FLAG_REASONS = ['outdated', 'wrong', 'unclear', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

export interface KbArticlesTable {
  id: Generated<number>;
  slug: string;
  locale: ArticleLocale;
  audience: ColumnType<ArticleAudience, ArticleAudience | undefined, ArticleAudience>;
  status: ColumnType<ArticleStatus, ArticleStatus | undefined, ArticleStatus>;
  title: string;
  summary: ColumnType<string, string | undefined, string>;
  body: ColumnType<string, string | undefined, string>;
  script: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  owner_department_id: string | null;
  review_by: DateText | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Date | null;
  created_by: number | null;
  updated_by: number | null;
}

export interface KbArticleServicesTable {
  article_id: number;
  service_id: number;
}

export interface KbArticleDepartmentsTable {
  article_id: number;
  department_id: string;
}

export interface KbArticleVersionsTable {
  article_id: number;
  version: number;
  status: ArticleStatus;
  audience: ArticleAudience;
  title: string;
  summary: string;
  body: string;
  script: string | null;
  tags: string[];
  review_by: DateText | null;
  owner_department_id: string | null;
  service_codes: ColumnType<string[], string[] | undefined, string[]>;
  department_ids: ColumnType<string[], string[] | undefined, string[]>;
  changed_by: number | null;
  changed_at: Timestamp;
  change_note: ColumnType<string, string | undefined, string>;
}

export interface KbArticleFlagsTable {
  id: Generated<number>;
  article_id: number;
  source: 'staff' | 'public';
  reason: FlagReason;
  comment: ColumnType<string, string | undefined, string>;
  flagged_by: number | null;
  status: ColumnType<'open' | 'resolved' | 'dismissed', 'open' | 'resolved' | 'dismissed' | undefined, 'open' | 'resolved' | 'dismissed'>;
  created_at: Timestamp;
  resolved_at: Date | null;
  resolved_by: number | null;
  resolution_note: string | null;
}

export interface KbArticleFeedbackTable {
  id: Generated<number>;
  article_id: number;
  helpful: boolean;
  comment: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
}

export interface KbTables {
  kb_articles: KbArticlesTable;
  kb_article_services: KbArticleServicesTable;
  kb_article_departments: KbArticleDepartmentsTable;
  kb_article_versions: KbArticleVersionsTable;
  kb_article_flags: KbArticleFlagsTable;
  kb_article_feedback: KbArticleFeedbackTable;
}
