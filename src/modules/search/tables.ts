import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the search tables (migration 0012). schema.ts folds them into Database. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export const DOCUMENT_KINDS = ['article', 'service', 'directory'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Written only by the database's triggers (0012_search.sql); the application reads it. */
export interface SearchDocumentsTable {
  id: Generated<number>;
  kind: DocumentKind;
  source_id: string;
  locale: string;
  group_key: string;
  public: boolean;
  department_id: string | null;
  ref: string;
  title: string;
  subtitle: string;
  summary: string;
  body: string;
  keywords: string;
  boost: number;
  tsv: string;
  title_folded: string;
  indexed_at: Timestamp;
}

export interface SearchVocabularyTable {
  locale: string;
  word: string;
}

export interface SearchSynonymsTable {
  id: Generated<number>;
  terms: string[];
  updated_at: Timestamp;
  updated_by: number | null;
}

export interface SearchMissesTable {
  query: string;
  locale: string;
  count: ColumnType<number, number | undefined, number>;
  first_seen: Timestamp;
  last_seen: Timestamp;
}

export interface SearchTables {
  search_documents: SearchDocumentsTable;
  search_vocabulary: SearchVocabularyTable;
  search_synonyms: SearchSynonymsTable;
  search_misses: SearchMissesTable;
}
