/**
 * The Plan: the one definition of what the importer produces and everything else reads.
 * Field names are part of the public format (other tools read plan.json), so change them only
 * with a schemaVersion bump. The JSON Schema beside this file must agree with these types.
 */

/** Where a fact was read: the document's id (file name) and 1-based line in the original text. */
export interface SourceRef {
  document: string;
  line: number;
}

/** growth: % over the same period a year before; level: an amount (亿元…); rate: a ratio in % (失业率); qualitative: no number (稳步增长). */
export type Measure = 'growth' | 'level' | 'rate' | 'qualitative';

/**
 * approx: 增长5%左右 (≥ value − tolerance); gte/gt/lte/lt/eq: floors, ceilings, exact;
 * external: 完成市里下达的任务, the number comes later from above; none: nothing to compare.
 */
export type Comparator = 'approx' | 'gte' | 'gt' | 'lte' | 'lt' | 'eq' | 'external' | 'none';

export interface Target {
  year: number;
  /** The indicator's name as the document writes it, normalised (地区生产总值, 一般公共预算收入 …). */
  indicator: string;
  measure: Measure;
  comparator: Comparator;
  value: number | null;
  /** '%', '亿元', '万人' …; '' when the target has no number. */
  unit: string;
  /** The original phrase, noise removed (增长5%左右). */
  text: string;
  leaders: string[];
  units: string[];
  /** ISO date (2023-12-31) or null when the document gives none. */
  deadline: string | null;
  source: SourceRef;
  /** For approx targets: how far below the value still counts as met, in points. Default set by the rules. */
  tolerance?: number;
  /** The annual amount when the plan states it (or a district enters it); otherwise derived from last year's figure. */
  amount?: number | null;
  /** The number of the division-of-work item this target came from, when it came from one. */
  taskNo?: number;
}

export interface Task {
  year: number;
  no: number;
  /** Section heading, numbering removed (主要预期目标, 聚焦规划体系落地，开启副中心建设新征程). */
  section: string;
  text: string;
  leaders: string[];
  /** Responsible units; the first is the lead unit (牵头单位). */
  units: string[];
  deadline: string | null;
  source: SourceRef;
}

/**
 * A period: '2023' (year), '2023-H1'/'2023-H2', '2023-Q1'..'2023-Q4', '2023-06' (January–June cumulative).
 * See period.ts for parsing and 时间进度.
 */
export type Period = string;

export type ActualStatus = 'final' | 'preliminary';

export interface Actual {
  indicator: string;
  period: Period;
  value: number | null;
  unit: string;
  /** % over the same period a year before, when the document gives it. */
  growth: number | null;
  status: ActualStatus;
  text: string;
  source: SourceRef;
}

export type DocumentKind =
  | 'division-of-work' // 重点工作分工方案
  | 'plan-report' // 国民经济和社会发展计划执行情况与计划草案的报告
  | 'midyear-report' // 计划上半年执行情况的报告
  | 'work-report' // 政府工作报告
  | 'multi-year' // 未来五年 / 五年规划目标任务
  | 'bulletin' // 国民经济和社会发展统计公报, or a statistical release of figures (前三季度…经济运行情况)
  | 'unknown';

export interface DocumentInfo {
  /** File name or another stable id; SourceRef.document points here. */
  id: string;
  title: string;
  /** ISO date of issue, when the document states it. */
  date: string | null;
  kind: DocumentKind;
}

/** A multi-year goal (未来五年：完成333个美丽乡村建设); kept apart from annual targets. */
export interface Goal {
  text: string;
  indicator: string;
  value: number | null;
  unit: string;
  fromYear: number | null;
  toYear: number | null;
  source: SourceRef;
}

export interface Plan {
  schemaVersion: 1;
  /** Stable id, e.g. 'tongzhou-2023'; the store keys plans by it. */
  id: string;
  name: string;
  /** The plan year the targets and tasks are for (the latest year when documents span several). */
  year: number;
  targets: Target[];
  tasks: Task[];
  actuals: Actual[];
  goals: Goal[];
  units: string[];
  leaders: string[];
  documents: DocumentInfo[];
}
