/** Shapes shared by the readers; the public API re-exports them from index.ts. */
import type { Bilingual } from '../model/i18n';
import type { Actual, Goal, Target, Task } from '../model/plan';
import type { DocumentHead } from './classify';
import type { Block } from './document';
import type { NormalisedText } from './normalize';

export interface SourceDocument {
  /** The file name or another stable id; SourceRef.document points here. */
  id: string;
  /** The document's text; when `blocks` is given, their text one block per line (for display and sizes). */
  text: string;
  /**
   * The document as blocks (document.ts), as a format adapter reads a .docx, .pdf, .html or
   * workbook. When present, the readers read these, with their source lines, instead of `text`.
   */
  blocks?: Block[];
}

export interface ImportProblem {
  document: string;
  line: number | null;
  message: Bilingual;
}

/** What a reader is given: the document, normalised, and what its head says. */
export interface ReaderInput {
  id: string;
  doc: NormalisedText;
  head: DocumentHead;
  /** The caller's year (--year), used where the document states none. */
  year?: number;
}

/** What a reader found; every fact carries its source line. */
export interface ReaderOutput {
  tasks: Task[];
  targets: Target[];
  actuals: Actual[];
  goals: Goal[];
  problems: ImportProblem[];
  /** The plan year the document's targets and tasks are for, when it has any. */
  planYear: number | null;
}

export function emptyOutput(): ReaderOutput {
  return { tasks: [], targets: [], actuals: [], goals: [], problems: [], planYear: null };
}
