/**
 * The Plan: the one definition of what the importer produces and everything else reads.
 * Declared once with TypeBox: the TypeScript types below are `Static<>` of these schemas, the JSON
 * Schema is `PlanSchema` itself (validatePlan compiles it with ajv; the store's OpenAPI document
 * embeds it), so the types, the validator and the published format cannot drift apart.
 * Field names are part of the public format (other tools read plan.json), so change them only
 * with a schemaVersion bump.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * `T | null` written as a JSON Schema type list (`type: ['number', 'null']`) rather than anyOf, so a
 * wrong value reads "must be number or null" instead of one complaint per alternative.
 * Only for schemas with a single primitive `type` (number, string, integer).
 */
function Nullable<T extends TSchema & { type: string }>(t: T) {
  return Type.Unsafe<Static<T> | null>({ ...t, type: [t.type, 'null'] });
}

const Name = Type.String({ minLength: 1 });
const Names = Type.Array(Name);

export const YearSchema = Type.Integer({ minimum: 1949, maximum: 2200 });
/** ISO date 2023-12-31 (month 01–12, day 01–31; the calendar is not checked). */
export const DateSchema = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' });
/** An optional date: anyOf, so a bad one reads "has the wrong form" as before. */
const DateOrNull = Type.Union([DateSchema, Type.Null()]);
const YearOrNull = Type.Union([YearSchema, Type.Null()]);

/** Where a fact was read: the document's id (file name) and 1-based line in the original text. */
export const SourceRefSchema = Type.Object({ document: Name, line: Type.Integer({ minimum: 1 }) }, { additionalProperties: false, description: 'Where a fact was read: document id and 1-based line' });
export type SourceRef = Static<typeof SourceRefSchema>;

/** growth: % over the same period a year before; level: an amount (亿元…); rate: a ratio in % (失业率); qualitative: no number (稳步增长). */
const MEASURES = ['growth', 'level', 'rate', 'qualitative'] as const;
export type Measure = (typeof MEASURES)[number];
/** `enum` (not a union of consts) so a wrong one reads "must be one of …". */
export const MeasureSchema = Type.Unsafe<Measure>({ enum: [...MEASURES] });

/**
 * approx: 增长5%左右 (≥ value − tolerance); gte/gt/lte/lt/eq: floors, ceilings, exact;
 * external: 完成市里下达的任务, the number comes later from above; none: nothing to compare.
 */
const COMPARATORS = ['approx', 'gte', 'gt', 'lte', 'lt', 'eq', 'external', 'none'] as const;
export type Comparator = (typeof COMPARATORS)[number];
export const ComparatorSchema = Type.Unsafe<Comparator>({ enum: [...COMPARATORS] });

export const TargetSchema = Type.Object(
  {
    year: YearSchema,
    indicator: Type.String({ minLength: 1, description: 'The indicator as the document writes it, normalised (地区生产总值)' }),
    measure: MeasureSchema,
    comparator: ComparatorSchema,
    value: Nullable(Type.Number()),
    measureUnit: Type.String({ description: "'%', '亿元', '万人' …; '' when the target has no number" }),
    text: Type.String({ description: 'The original phrase, noise removed (增长5%左右)' }),
    leaders: Names,
    units: Names,
    deadline: DateOrNull,
    source: SourceRefSchema,
    tolerance: Type.Optional(Type.Number({ minimum: 0, description: 'approx targets: how far below the value still counts as met, in points' })),
    amount: Type.Optional(Nullable(Type.Number({ description: 'The annual amount when the plan states it (or a district enters it)' }))),
    taskNo: Type.Optional(Type.Integer({ minimum: 1, description: 'The division-of-work item this target came from' })),
  },
  { additionalProperties: false },
);
export type Target = Static<typeof TargetSchema>;

export const TaskSchema = Type.Object(
  {
    year: YearSchema,
    no: Type.Integer({ minimum: 1 }),
    section: Type.String({ description: 'Section heading, numbering removed (主要预期目标)' }),
    text: Type.String({ minLength: 1 }),
    leaders: Names,
    units: Type.Array(Name, { description: 'Responsible units; the first is the lead unit (牵头单位)' }),
    deadline: DateOrNull,
    source: SourceRefSchema,
  },
  { additionalProperties: false },
);
export type Task = Static<typeof TaskSchema>;

/**
 * A period: '2023' (year), '2023-H1'/'2023-H2', '2023-Q1'..'2023-Q4', '2023-06' (January–June cumulative).
 * See period.ts for parsing and 时间进度.
 */
export const PeriodSchema = Type.String({ pattern: '^\\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$' });
export type Period = Static<typeof PeriodSchema>;

const ACTUAL_STATUSES = ['final', 'preliminary'] as const;
export type ActualStatus = (typeof ACTUAL_STATUSES)[number];

export const ActualSchema = Type.Object(
  {
    indicator: Name,
    period: PeriodSchema,
    value: Nullable(Type.Number()),
    measureUnit: Type.String(),
    growth: Nullable(Type.Number({ description: '% over the same period a year before, when the document gives it' })),
    status: Type.Unsafe<ActualStatus>({ enum: [...ACTUAL_STATUSES] }),
    text: Type.String(),
    source: SourceRefSchema,
  },
  { additionalProperties: false },
);
export type Actual = Static<typeof ActualSchema>;

/**
 * division-of-work 重点工作分工方案; plan-report 国民经济和社会发展计划执行情况与计划草案的报告;
 * midyear-report 计划上半年执行情况的报告; work-report 政府工作报告; multi-year 未来五年 / 五年规划目标任务;
 * bulletin 统计公报.
 */
const DOCUMENT_KINDS = ['division-of-work', 'plan-report', 'midyear-report', 'work-report', 'multi-year', 'bulletin', 'unknown'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DocumentInfoSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, description: 'File name or another stable id; SourceRef.document points here' }),
    title: Type.String(),
    date: DateOrNull,
    kind: Type.Unsafe<DocumentKind>({ enum: [...DOCUMENT_KINDS] }),
  },
  { additionalProperties: false },
);
export type DocumentInfo = Static<typeof DocumentInfoSchema>;

/** A multi-year goal (未来五年：完成333个美丽乡村建设); kept apart from annual targets. */
export const GoalSchema = Type.Object(
  {
    text: Type.String(),
    indicator: Name,
    value: Nullable(Type.Number()),
    measureUnit: Type.String(),
    fromYear: YearOrNull,
    toYear: YearOrNull,
    source: SourceRefSchema,
  },
  { additionalProperties: false },
);
export type Goal = Static<typeof GoalSchema>;

/** A catalog or rule set as a plan file carries it: the store revision it was taken at (0: bundled) and its JSON, validated when used (src/usecases/carried.ts). */
const AtRevSchema = Type.Object({ rev: Type.Integer({ minimum: 0 }), value: Type.Unknown() }, { additionalProperties: false });
/**
 * The catalog and rule set a plan file carries for offline work (`planbook import`): checks and
 * reports made from the file use them before the bundled defaults. The store keeps its own and
 * drops this on import.
 */
export const CarriedSchema = Type.Object({ catalog: AtRevSchema, rules: AtRevSchema }, { additionalProperties: false });

export const PlanSchema = Type.Object(
  {
    schemaVersion: Type.Unsafe<1>({ const: 1 }),
    id: Type.String({ minLength: 1, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: "Stable id, e.g. 'tongzhou-2023'; the store keys plans by it" }),
    name: Type.String(),
    year: Type.Integer({ minimum: 1949, maximum: 2200, description: 'The plan year the targets and tasks are for (the latest year when documents span several)' }),
    targets: Type.Array(TargetSchema),
    tasks: Type.Array(TaskSchema),
    actuals: Type.Array(ActualSchema),
    goals: Type.Array(GoalSchema),
    units: Names,
    leaders: Names,
    documents: Type.Array(DocumentInfoSchema),
    carried: Type.Optional(CarriedSchema),
  },
  {
    $id: 'https://planbook.local/schema/plan.schema.json',
    title: 'Plan',
    description: 'What the importer produces and every other part reads (plan.json); declared in src/model/plan.ts.',
    additionalProperties: false,
  },
);
export type Plan = Static<typeof PlanSchema>;
