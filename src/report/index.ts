/**
 * Report tables and draft sentences, pure: Plan + figures (+ task progress, submission states) → tables as data.
 */
export type { Table, Column, Cell } from './table';
export { buildMainIndicatorsTable, mainIndicatorRows, reportPeriod, hiddenRow, MAIN_INDICATOR_COLUMNS, ROW_STATUS_LABELS } from './main-indicators';
export type { ReportInput, MainIndicatorRow, RowStatus } from './main-indicators';
export { buildTaskProgressTables, taskStates, TASK_STANDING_LABELS } from './task-progress';
export type { TaskProgressTables, TaskState, TaskStanding, TaskReportOptions, CountRow, OverdueRow } from './task-progress';
export { buildSubmissionStatusTable, expectedForms, FORM_STATE_LABELS } from './submission-status';
export type { SubmissionState, SubmissionStatusRow, FormState } from './submission-status';
export { draftSentences } from './sentences';
export { tableToCsv, findingsToCsv, rowsToCsv } from './csv';
export type { CsvLang } from './csv';
