/**
 * A submission's data and the API bodies that carry it, declared once with TypeBox (issue 10 item 6):
 * the TypeScript types of submission.ts and sync/protocol.ts are `Static<>` of these schemas, the
 * store validates request bodies with ajv compiled from them (store/body-schemas.ts), and its
 * OpenAPI document publishes them as components, so the types, the checks and the published
 * contract cannot drift apart as the hand-written validator and interfaces could.
 * Limits that a schema can say (text length, entries, edits, queries) are here too, from LIMITS.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * The boundary's limits (issue 12). Bytes and the document size are checked outside the schemas
 * (the body reader, checkSubmissionSize); the rest are schema keywords below.
 */
export const LIMITS = {
  /** Bytes in a request body. A whole plan of a district is ~300 KB. */
  bodyBytes: 2 * 1024 * 1024,
  editsPerPatch: 2000,
  /** A stored submission's data as JSON, PUT or grown by PATCHes: what a PUT could send back. */
  documentBytes: 2 * 1024 * 1024,
  figuresPerSubmission: 500,
  tasksPerSubmission: 1000,
  textChars: 2000,
  keyChars: 100,
  queriesPerLookup: 1000,
} as const;

/** `T | null` as a JSON Schema type list, so a wrong value reads as one complaint (as in plan.ts). */
function Nullable<T extends TSchema & { type: string }>(t: T) {
  return Type.Unsafe<Static<T> | null>({ ...t, type: [t.type, 'null'] });
}

/** A short text: a note, a task's progress text, a return reason. */
export const TextSchema = Type.String({ maxLength: LIMITS.textChars });

/** A value as entered in a cell or a CSV field: a number, a short text, or empty. */
export const EnteredSchema = Type.Unsafe<number | string | null>({ type: ['number', 'string', 'null'], maxLength: LIMITS.textChars, description: 'a number, a text as entered, or null' });
export type Entered = Static<typeof EnteredSchema>;

/** One figure's fields in a submission (keyed by indicator name). Missing fields read as empty. */
export const FigureFieldsSchema = Type.Object(
  {
    value: EnteredSchema,
    growth: EnteredSchema,
    sameLastYear: EnteredSchema,
    note: TextSchema,
  },
  { additionalProperties: false, description: '本月止累计 value, 同比增长 growth in %, 上年同期 sameLastYear in the indicator’s unit, 说明 note' },
);
export type FigureFields = Static<typeof FigureFieldsSchema>;

/** One task's progress in a submission (keyed by task number). */
export const TaskFieldsSchema = Type.Object(
  {
    status: Nullable(TextSchema),
    progress: EnteredSchema,
    text: TextSchema,
    note: TextSchema,
  },
  { additionalProperties: false, description: 'status: a TaskStatus code or its label; progress: 完成%; text: 进展情况' },
);
export type TaskFields = Static<typeof TaskFieldsSchema>;

/** The data of one submission: figures by indicator name, tasks by task number. */
export const SubmissionDataSchema = Type.Object(
  {
    figures: Type.Record(Type.String(), FigureFieldsSchema, { maxProperties: LIMITS.figuresPerSubmission }),
    tasks: Type.Record(Type.String(), TaskFieldsSchema, { maxProperties: LIMITS.tasksPerSubmission }),
  },
  { additionalProperties: false },
);
export type SubmissionData = Static<typeof SubmissionDataSchema>;

/** PUT data as a client may send it: each record and field optional (an absent one reads empty). */
export const SubmissionDataInSchema = Type.Object(
  {
    figures: Type.Optional(Type.Record(Type.String(), Type.Partial(FigureFieldsSchema), { maxProperties: LIMITS.figuresPerSubmission })),
    tasks: Type.Optional(Type.Record(Type.String(), Type.Partial(TaskFieldsSchema), { maxProperties: LIMITS.tasksPerSubmission })),
  },
  { additionalProperties: false },
);

/** PUT /api/plans/{plan}/submissions/{orgUnit}/{period}/{form}: {data}, with the key fields optional (they must match the URL). */
export const PutBodySchema = Type.Object(
  {
    data: SubmissionDataInSchema,
    plan: Type.Optional(Type.String()),
    orgUnit: Type.Optional(Type.String()),
    period: Type.Optional(Type.String()),
    form: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type PutBody = Static<typeof PutBodySchema>;

/** One field edit of a push: the field path, the value as pulled (the merge base) and the new value. */
export const FieldEditSchema = Type.Object(
  {
    field: Type.String({ examples: ['figures/地区生产总值/sameLastYear'], description: 'figures/<indicator>/<value|growth|sameLastYear|note> or tasks/<no>/<status|progress|text|note>' }),
    pulled: EnteredSchema,
    value: EnteredSchema,
  },
  { additionalProperties: false },
);
export type FieldEdit = Static<typeof FieldEditSchema>;

/** PATCH /api/plans/{plan}/submissions/{orgUnit}/{period}/{form}: edits against the revision pulled. */
export const PatchRequestSchema = Type.Object(
  {
    baseRev: Type.Integer({ minimum: 0, description: 'the revision the edits were made against' }),
    edits: Type.Array(FieldEditSchema, { maxItems: LIMITS.editsPerPatch }),
  },
  { additionalProperties: false },
);
export type PatchRequest = Static<typeof PatchRequestSchema>;

/** POST …/return: the reviewer's reason, required and not blank. */
export const ReturnBodySchema = Type.Object({ reason: Type.String({ minLength: 1, maxLength: LIMITS.textChars, pattern: '\\S' }) }, { additionalProperties: false });
export type ReturnBody = Static<typeof ReturnBodySchema>;

/** POST …/submit and …/approve: an empty body or {}. */
export const EmptyBodySchema = Type.Object({}, { additionalProperties: false });

/** One question of the custom functions (=PLANBOOK.TARGET/ACTUAL/PROGRESS). */
export const LookupQuerySchema = Type.Object(
  {
    kind: Type.Unsafe<'target' | 'actual' | 'progress'>({ enum: ['target', 'actual', 'progress'] }),
    indicator: Type.String({ minLength: 1, maxLength: LIMITS.keyChars }),
    year: Type.Optional(Type.Integer()),
    period: Type.Optional(Type.String({ description: '2023, 2023-H1, 2023-Q2 or 2023-06' })),
  },
  { additionalProperties: false },
);
export type LookupQuery = Static<typeof LookupQuerySchema>;

/** POST /api/plans/{plan}/lookup. */
export const LookupRequestSchema = Type.Object({ queries: Type.Array(LookupQuerySchema, { maxItems: LIMITS.queriesPerLookup }) }, { additionalProperties: false });
export type LookupRequest = Static<typeof LookupRequestSchema>;
