/** The template engine: binds plan data to a workbook through the Sheet port and reads it back. */
export * from './port';
export { parseSpec, expandFormula, type TemplateSpec, type ColumnSpec, type FooterCell, type InputType, type RowSource, type HeaderContent } from './spec';
export { fill, fillOps, rowsFor, type FillInput, type FillResult } from './fill';
export { rebaseOps, type Rebase } from './rebase';
export { readBack, readIdentity, type ReadBackResult, type Expectation } from './read-back';
export { annotate, annotationOps, annotationReads, fieldCell, findingCell, findingCells, FINDINGS_SHEET } from './annotate';
export { resolveLayout, type Layout } from './layout';
export { IDENTITY_SHEET, IDENTITY_NAME, type WorkbookIdentity } from './identity';
export { indicatorRows, taskRows, taskRow, planUnits, deadlineLabel, targetCell, type TableRow, type IndicatorInfo, type IndicatorLookup } from './rows';
