/**
 * The indicator catalog as data, declared once with TypeBox: templates/catalog/indicators.json, a
 * district's edited copy, `PUT /api/catalog`'s body, the copy a workbook or plan file carries. The
 * kinds and frequencies are its unions, the OpenAPI document publishes it (store/openapi.ts), and
 * validateCatalog (catalog.ts) checks with it before what a schema cannot say (a magnitude's order).
 * Fields an entry leaves out take the defaults catalog.ts names (2 decimals, monthly, no parent …).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Bilingual } from '../model/i18n';
import { schemaCheck, type SlotError } from '../model/schema-check';

const KIND = Type.Union([Type.Literal('flow'), Type.Literal('level'), Type.Literal('rate'), Type.Literal('share'), Type.Literal('growth')], {
  description: 'flow: 1-N月累计 (year to date); level: a stock at the period’s end; rate: a ratio in %; share: a part of a whole in %; growth: published as its growth only (规模以上工业增加值增长10.1%)',
});
const FREQUENCY = Type.Union([Type.Literal('monthly'), Type.Literal('quarterly'), Type.Literal('yearly')]);

/** flow, level, rate, share or growth (see the schema's description). */
export type IndicatorKind = Static<typeof KIND>;
export type Frequency = Static<typeof FREQUENCY>;

/** One indicator as a catalog file writes it. */
export const CatalogEntrySchema = Type.Object(
  {
    name: Type.String({ pattern: '\\S', description: '指标名称, as the plan documents write it' }),
    aliases: Type.Optional(Type.Array(Type.String(), { description: 'other names documents use (GDP, 地区生产总值（GDP）)' })),
    measureUnit: Type.Optional(Type.String({ description: '计量单位 (亿元, %, 人); the old name unit is accepted until the next version' })),
    decimals: Type.Optional(Type.Integer({ minimum: 0, description: 'decimals a figure is entered with; default 2' })),
    frequency: Type.Optional(FREQUENCY),
    kind: KIND,
    parent: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'the whole this indicator is a part of (住宿餐饮业营业额 ⊂ 社会消费品零售总额)' })),
    outlierPct: Type.Optional(Type.Union([Type.Number(), Type.Null()], { description: 'largest month-on-month change in % without an outlier warning; null: no outlier check' })),
    inferred: Type.Optional(Type.Boolean({ description: 'inferred from the plan’s own documents, not in the bundled catalog' })),
    magnitude: Type.Optional(Type.Array(Type.Number({ exclusiveMinimum: 0 }), { minItems: 2, maxItems: 2, description: '[smallest, largest] typical size for one district, in the measure unit' })),
    reported: Type.Optional(Type.Union([Type.Literal('value'), Type.Literal('growth')], { description: 'growth: a growth rate alone is a complete report' })),
  },
  { additionalProperties: false },
);

/** A catalog file or `PUT /api/catalog` body. `//` holds a comment, as in the bundled file. */
export const CatalogSchema = Type.Object(
  {
    '//': Type.Optional(Type.Unknown({ description: 'a comment, kept and ignored' })),
    version: Type.Optional(Type.Union([Type.String(), Type.Number()])),
    indicators: Type.Array(CatalogEntrySchema),
  },
  { additionalProperties: false, description: '指标目录 / the indicator catalog' },
);

const ENTRY_FIELDS = Object.keys(CatalogEntrySchema.properties);
const KINDS = KIND.anyOf.map((k) => k.const).join('/');

function words(_slot: string, e: SlotError): Bilingual | null {
  const [top, index, field] = e.segs;
  const kw = e.error.keyword;
  if (top === undefined || (top === 'indicators' && index === undefined)) return { zh: '指标目录应为含 indicators 数组的 JSON 对象', en: 'The indicator catalog must be a JSON object with an indicators array' };
  if (top !== 'indicators') return kw === 'additionalProperties' ? { zh: `指标目录含未知字段 ${top}，请删去`, en: `The catalog has an unknown field ${top}: remove it` } : null;
  const at = `#${Number(index) + 1}`;
  if (field === undefined || field === 'name') return { zh: `指标目录第${at}项缺少名称（name）`, en: `Catalog entry ${at} has no name` };
  const n = (e.root as { indicators: { name?: unknown }[] }).indicators[Number(index)]?.name;
  const name = typeof n === 'string' && n.trim() !== '' ? n : at;
  if (kw === 'additionalProperties')
    return {
      zh: `指标“${name}”含未知字段 ${field}；可用字段：${ENTRY_FIELDS.join('、')}，请删去或改正`,
      en: `Indicator "${name}" has an unknown field ${field}; the fields are ${ENTRY_FIELDS.join(', ')}: remove or correct it`,
    };
  if (field === 'kind') return { zh: `指标“${name}”的类型（kind）应为 ${KINDS}`, en: `Indicator "${name}": kind must be one of ${KINDS}` };
  if (field === 'magnitude') return magnitudeWords(name);
  return null;
}

/** A magnitude that is not two positive numbers, the smaller first; said the same by the schema and the order check. */
export function magnitudeWords(name: string): Bilingual {
  return {
    zh: `指标“${name}”的常见量级（magnitude）应为两个正数 [最小, 最大]，如 [10, 100000]`,
    en: `Indicator "${name}": magnitude must be two positive numbers [smallest, largest], such as [10, 100000]`,
  };
}

/** The catalog's compiled check. */
export const CATALOG_CHECK = schemaCheck(CatalogSchema, [], words);
