/**
 * Each question the product answers, decided once behind the Sources port (docs/usecases.md):
 * may this submission go up, the district report, a figure's target/actual/progress, a form's inputs.
 */
export type { Sources, SubmissionQuery, SubmissionHead, Held } from './sources';
export { heldSources, selectSubmissions } from './sources';
export { maySubmit, inHistoryWindow, historyFigures, type SubmitVerdict } from './may-submit';
export { COUNTED_STATES, countedFigures, publishedFigures, responsibleUnits, type Counted, type CountingOptions } from './counted-figures';
export { districtReport, buildDistrictReport, reportTables, ruleParam, type DistrictReport, type ReportOptions } from './district-report';
export { lookupFigures } from './figure-lookup';
export { formInputs, type FormInputs } from './form-inputs';
export { annualAmounts, annualAmountsOf, type AnnualAmounts } from './annual-amounts';
export { formulaIndicators } from './formula-indicators';
export { isReported, readFigure, reportedAs, type ReadFigure, type ReportedAs } from '../rules/reported';
export { submissionsFromRows } from './from-rows';
