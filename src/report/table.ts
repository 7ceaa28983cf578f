/**
 * A report table as data: columns with zh/en headers and rows of plain values, so the CSV writer here,
 * the .xlsx writer and the Excel task pane render the same table without knowing what it means.
 */
import type { Bilingual } from '../model/i18n';

export type Cell = string | number | null;

export interface Column {
  key: string;
  header: Bilingual;
  /** number: show as is; percent/points: a number in % or 百分点 (1 decimal in the documents' style); enum: translate with labels. */
  type: 'text' | 'number' | 'percent' | 'points' | 'enum';
  decimals?: number;
  labels?: Record<string, Bilingual>;
}

export interface Table<R extends Record<string, Cell> = Record<string, Cell>> {
  id: string;
  title: Bilingual;
  columns: Column[];
  rows: R[];
}

export function col(key: string, zh: string, en: string, type: Column['type'] = 'text', extra: Partial<Column> = {}): Column {
  return { key, header: { zh, en }, type, ...extra };
}
