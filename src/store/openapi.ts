/**
 * The API as an OpenAPI 3.1 document, served at /api/openapi.json. The paths are kept by hand beside
 * the routes (http.ts) because the routes are few; a test checks every route answers as documented.
 * The Plan's schema is the model's own declaration (PlanSchema in src/model/plan.ts, the one
 * validatePlan checks uploads with), and so are the submission's data and the request bodies
 * (src/model/submission-schema.ts, the ones the store validates bodies with), the catalog and the rule set
 * (src/rules/catalog-schema.ts, ruleset-schema.ts: PUT /api/catalog and /api/rules); 3.1 because its schemas are plain JSON Schema (`type: [x, 'null']`).
 */
import { PlanSchema } from '../model/plan';
import { CatalogEntrySchema, CatalogSchema } from '../rules/catalog-schema';
import { RuleSetSchema } from '../rules/ruleset-schema';
import { EmptyBodySchema, FieldEditSchema, LookupRequestSchema, PatchRequestSchema, PutBodySchema, ReturnBodySchema, SubmissionDataSchema } from '../model/submission-schema';

const err = { $ref: '#/components/responses/Error' };
const key = [
  { name: 'plan', in: 'path', required: true, schema: { type: 'string' } },
  { name: 'unit', in: 'path', required: true, schema: { type: 'string' }, description: '填报单位 (orgUnit), one of the plan’s units (区财政局)' },
  { name: 'period', in: 'path', required: true, schema: { type: 'string' }, description: '2023, 2023-H1, 2023-Q2 or 2023-06' },
  { name: 'form', in: 'path', required: true, schema: { type: 'string', enum: ['indicators', 'tasks'] } },
];
const ifMatch = { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'The revision the write is based on, e.g. "3"; missing → 428, stale → 412' };
// A catalog written by the previous version says unit for measureUnit: upgraded before validation, so published as deprecated.
const CatalogEntrySchemaPublished = {
  ...CatalogEntrySchema,
  properties: { ...CatalogEntrySchema.properties, unit: { type: 'string', deprecated: true, description: 'Deprecated: the old name of measureUnit, accepted until the next version' } },
};
const sub = '/api/plans/{plan}/submissions/{unit}/{period}/{form}';
const ok = (description: string, schema: object = { type: 'object' }): object => ({ description, content: { 'application/json': { schema } } });

export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'planbook store',
      version: '1',
      description:
        '共享数据服务 / the shared JSON store: plans, submissions with revisions, workflow and audit.\n\n' +
        'Deprecation: the old names are accepted until the next version and answered in the new ones — ' +
        'unit → orgUnit (填报单位: submissions, summaries, audit entries, finding subjects), unit → measureUnit (计量单位: targets, actuals, goals, catalog, lookup results — these still send unit too), ' +
        'base → sameLastYear (上年同期: figures, figures/<indicator>/base paths) and base → pulled (PATCH edits, conflicts). See docs/store.md.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a token from `planbook user add`' } },
      responses: {
        Error: ok('错误 / error, in zh-CN and English', {
          type: 'object',
          properties: { error: { type: 'object', properties: { code: { type: 'string' }, status: { type: 'integer' }, zh: { type: 'string' }, en: { type: 'string' }, details: {} } } },
        }),
      },
      schemas: {
        Plan: PlanSchema,
        SubmissionData: SubmissionDataSchema,
        // The previous version's name of pulled is upgraded before validation, so the published shape lists it, deprecated.
        FieldEdit: { ...FieldEditSchema, properties: { ...FieldEditSchema.properties, base: { deprecated: true, description: 'Deprecated: the old name of pulled, accepted until the next version' } } },
        PatchRequest: { ...PatchRequestSchema, properties: { ...PatchRequestSchema.properties, edits: { ...PatchRequestSchema.properties.edits, items: { $ref: '#/components/schemas/FieldEdit' } } } },
        PutBody: PutBodySchema,
        ReturnBody: ReturnBodySchema,
        EmptyBody: EmptyBodySchema,
        LookupRequest: LookupRequestSchema,
        // The catalog and the rule set as validateCatalog / validateRuleSet check them (rules/*-schema.ts); formulas are compiled after.
        Catalog: { ...CatalogSchema, properties: { ...CatalogSchema.properties, indicators: { ...CatalogSchema.properties.indicators, items: { $ref: '#/components/schemas/CatalogEntry' } } } },
        CatalogEntry: CatalogEntrySchemaPublished,
        RuleSet: RuleSetSchema,
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/api/health': { get: { security: [], responses: { 200: ok('服务正常 / up') } } },
      '/api/openapi.json': { get: { security: [], responses: { 200: ok('this document') } } },
      '/api/me': { get: { responses: { 200: ok('the signed-in user'), 401: err } } },
      '/api/plans': {
        get: { responses: { 200: ok('计划列表 / plan summaries'), 401: err } },
        post: {
          description: 'admin: import a Plan produced by `planbook import`',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Plan' } } } },
          responses: { 201: ok('created'), 200: ok('replaced'), 403: err, 422: err },
        },
      },
      '/api/plans/{plan}': { get: { parameters: [key[0]], responses: { 200: ok('the Plan', { $ref: '#/components/schemas/Plan' }), 404: err } } },
      '/api/plans/{plan}/submissions': {
        get: {
          parameters: [key[0], { name: 'period', in: 'query', schema: { type: 'string' } }],
          responses: { 200: ok('state of every submission (a filler sees its own units)') },
        },
      },
      '/api/plans/{plan}/lookup': {
        post: {
          parameters: [key[0]],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/LookupRequest' } } } },
          description:
            'custom functions: {queries:[{kind:"target"|"actual"|"progress", indicator, year?, period?}]} → {results:[{value, measureUnit}|{error:{zh,en}}]}; measureUnit is the value’s 计量单位. Deprecated: each result also carries it as unit, its old name, until the next version',
          responses: { 200: ok('one result per query'), 422: err },
        },
      },
      '/api/catalog': {
        get: { responses: { 200: ok('indicator catalog, versioned: {rev, updatedAt, updatedBy, value: Catalog}') } },
        put: {
          description: 'admin: store a new revision of the catalog (the bundled one only seeds a new store)',
          parameters: [ifMatch],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Catalog' } } } },
          responses: { 200: ok('stored'), 403: err, 412: err, 422: ok('not a catalog: error.details.problems [{path, zh, en}], each naming its field'), 428: err },
        },
      },
      '/api/rules': {
        get: { responses: { 200: ok('rules, versioned: {rev, updatedAt, updatedBy, value: RuleSet}') } },
        put: {
          description: 'admin: store a new revision of the rule set; every 审核公式 is compiled against the stored catalog first',
          parameters: [ifMatch],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/RuleSet' } } } },
          responses: { 200: ok('stored'), 403: err, 412: err, 422: ok('not a rule set, or a formula that does not compile: error.details.problems [{path?, zh, en}]'), 428: err },
        },
      },
      '/api/audit': {
        get: {
          parameters: [
            { name: 'plan', in: 'query', schema: { type: 'string' } },
            { name: 'after', in: 'query', schema: { type: 'integer' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 10000 } },
          ],
          responses: { 200: ok('{entries, next}: a page of the audit trail, oldest first (reviewer, admin)'), 403: err, 422: err },
        },
      },
      [sub]: {
        get: { parameters: key, responses: { 200: ok('the submission; ETag = revision; an unfilled one is an empty draft at revision 0'), 403: err, 404: err } },
        put: {
          parameters: [...key, ifMatch],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/PutBody' } } } },
          responses: { 200: ok('stored'), 409: err, 412: err, 422: err, 428: err },
        },
        patch: {
          parameters: key,
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/PatchRequest' } } } },
          responses: { 200: ok('PatchOk {rev, submission, merged}'), 409: ok('PatchConflict in error.details {rev, conflicts:[{field, base, theirs, yours}]}'), 422: err, 428: err },
        },
      },
      [`${sub}/check`]: {
        post: {
          parameters: key,
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/PutBody' } } } },
          responses: { 200: ok("{findings, mayGoUp}: what submit would say of these figures now, nothing stored (the unit's own fillers)"), 403: err, 404: err, 422: err },
        },
      },
      [`${sub}/submit`]: {
        post: {
          parameters: [...key, ifMatch],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/EmptyBody' } } } },
          responses: { 200: ok('{submission, findings}'), 409: err, 412: err, 422: ok('checks failed: error.details.findings') },
        },
      },
      [`${sub}/approve`]: {
        post: { parameters: [...key, ifMatch], requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/EmptyBody' } } } }, responses: { 200: ok('approved'), 403: err, 409: err, 412: err } },
      },
      [`${sub}/return`]: {
        post: {
          parameters: [...key, ifMatch],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/ReturnBody' } } } },
          responses: { 200: ok('returned'), 403: err, 409: err, 412: err },
        },
      },
      [`${sub}/audit`]: {
        get: {
          parameters: [
            ...key,
            { name: 'field', in: 'query', schema: { type: 'string' } },
            { name: 'after', in: 'query', schema: { type: 'integer' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 10000 } },
          ],
          responses: { 200: ok('{entries, next}: a page of this submission’s (or one field’s) audit entries, oldest first'), 403: err, 422: err },
        },
      },
    },
  };
}
