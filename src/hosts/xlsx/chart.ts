/**
 * A native clustered column chart added to a saved .xlsx. ExcelJS writes no charts, so the chart and
 * drawing parts (DrawingML, ECMA-376 part 1 §21.2) are written into the zip directly. The series point
 * at the sheet's cells and carry a cache of their values, so Excel, WPS and LibreOffice show the chart
 * as their own, editable and recalculated, and a viewer that does not recalculate still draws it.
 */
import JSZip from 'jszip';
import { PlanbookError } from '../../model/errors';

export interface ChartSeries {
  name: string;
  /** Absolute reference: "'主要经济指标'!$G$5:$G$12". */
  ref: string;
  values: (number | null)[];
}

export interface BarChartSpec {
  sheet: string;
  title: string;
  categories: { ref: string; values: string[] };
  series: ChartSeries[];
  /** Zero-based cell corners of the chart's frame. */
  anchor: { fromCol: number; fromRow: number; toCol: number; toRow: number };
  axisTitle?: string;
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const COLOURS = ['4472C4', 'ED7D31', 'A5A5A5', 'FFC000'];

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function strCache(values: string[]): string {
  return `<c:strCache><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${xmlEscape(v)}</c:v></c:pt>`).join('')}</c:strCache>`;
}

function numCache(values: (number | null)[]): string {
  const pts = values.map((v, i) => (v === null || !Number.isFinite(v) ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)).join('');
  return `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

function richText(text: string, size: number): string {
  return `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="1"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="${size}" b="1"><a:latin typeface="SimHei"/><a:ea typeface="SimHei"/></a:rPr><a:t>${xmlEscape(text)}</a:t></a:r></a:p></c:rich></c:tx>`;
}

export function chartXml(c: BarChartSpec): string {
  const series = c.series
    .map(
      (s, i) =>
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${xmlEscape(s.name)}</c:v></c:tx>` +
        `<c:spPr><a:solidFill><a:srgbClr val="${COLOURS[i % COLOURS.length]}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>` +
        `<c:dLbls><c:numFmt formatCode="0.0" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>` +
        `<c:cat><c:strRef><c:f>${xmlEscape(c.categories.ref)}</c:f>${strCache(c.categories.values)}</c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${xmlEscape(s.ref)}</c:f>${numCache(s.values)}</c:numRef></c:val></c:ser>`,
    )
    .join('');
  const axisTitle = c.axisTitle ? `<c:title>${richText(c.axisTitle, 900)}<c:overlay val="0"/></c:title>` : '';
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${NS_REL}">` +
    `<c:roundedCorners val="0"/><c:chart><c:title>${richText(c.title, 1400)}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>` +
    `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="80"/><c:axId val="500000001"/><c:axId val="500000002"/></c:barChart>` +
    `<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/><c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>${axisTitle}<c:numFmt formatCode="0" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="500000001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    `</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`
  );
}

function drawingXml(c: BarChartSpec, rid: string): string {
  const a = c.anchor;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">` +
    `<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>${a.fromCol}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${a.fromRow}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:to><xdr:col>${a.toCol}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${a.toRow}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="${xmlEscape(c.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">` +
    `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${NS_REL}" r:id="${rid}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`
  );
}

function rels(entries: { id: string; type: string; target: string }[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    entries.map((e) => `<Relationship Id="${e.id}" Type="${e.type}" Target="${e.target}"/>`).join('') +
    `</Relationships>`
  );
}

function unusedName(zip: JSZip, make: (n: number) => string): string {
  for (let n = 1; ; n++) if (!zip.file(make(n))) return make(n);
}

/** The sheet's part path (xl/worksheets/sheetN.xml), found through workbook.xml and its relationships. */
async function sheetPart(zip: JSZip, sheet: string): Promise<string> {
  const wb = await zip.file('xl/workbook.xml')?.async('string');
  const wbRels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (!wb || !wbRels) throw new PlanbookError('BAD_WORKBOOK', { zh: '工作簿结构不完整，无法加入图表', en: 'The workbook is incomplete; cannot add a chart' });
  const m = new RegExp(`<sheet [^>]*name="${xmlEscape(sheet).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*r:id="([^"]+)"`).exec(wb);
  const rel = m ? (new RegExp(`<Relationship [^>]*Id="${m[1]}"[^>]*Target="([^"]+)"`).exec(wbRels) ?? new RegExp(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="${m[1]}"`).exec(wbRels)) : null;
  if (!rel) throw new PlanbookError('BAD_WORKBOOK', { zh: `找不到工作表“${sheet}”，无法加入图表`, en: `No sheet "${sheet}" to add the chart to` });
  const target = rel[1]!.replace(/^\/?xl\//, '');
  return `xl/${target}`;
}

export async function addBarChart(xlsx: Buffer, chart: BarChartSpec): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const sheetPath = await sheetPart(zip, chart.sheet);
  const sheetXml = await zip.file(sheetPath)!.async('string');
  if (sheetXml.includes('<drawing ')) throw new PlanbookError('BAD_WORKBOOK', { zh: '该工作表已有绘图，未加入图表', en: 'The sheet already has a drawing; no chart added' });

  const chartPath = unusedName(zip, (n) => `xl/charts/chart${n}.xml`);
  const drawingPath = unusedName(zip, (n) => `xl/drawings/drawing${n}.xml`);
  const chartFile = chartPath.split('/').pop()!;
  const drawingFile = drawingPath.split('/').pop()!;
  zip.file(chartPath, chartXml(chart));
  zip.file(drawingPath, drawingXml(chart, 'rId1'));
  zip.file(`xl/drawings/_rels/${drawingFile}.rels`, rels([{ id: 'rId1', type: REL_CHART, target: `../charts/${chartFile}` }]));

  const sheetFile = sheetPath.split('/').pop()!;
  const sheetRelsPath = `xl/worksheets/_rels/${sheetFile}.rels`;
  const existing = await zip.file(sheetRelsPath)?.async('string');
  const rid = 'rIdPlanbookChart';
  const rel = `<Relationship Id="${rid}" Type="${REL_DRAWING}" Target="../drawings/${drawingFile}"/>`;
  zip.file(sheetRelsPath, existing ? existing.replace('</Relationships>', `${rel}</Relationships>`) : rels([{ id: rid, type: REL_DRAWING, target: `../drawings/${drawingFile}` }]));

  // <drawing> goes after headerFooter/breaks and before legacyDrawing, tableParts and extLst (CT_Worksheet order).
  const drawingTag = `<drawing r:id="${rid}"/>`;
  let xml = sheetXml.includes('xmlns:r=') ? sheetXml : sheetXml.replace(`xmlns="${NS_MAIN}"`, `xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"`);
  const before = ['<legacyDrawing', '<legacyDrawingHF', '<picture', '<oleObjects', '<controls', '<webPublishItems', '<tableParts', '<extLst', '</worksheet>'].map((t) => xml.indexOf(t)).filter((i) => i >= 0);
  const at = Math.min(...before);
  xml = xml.slice(0, at) + drawingTag + xml.slice(at);
  zip.file(sheetPath, xml);

  let types = await zip.file('[Content_Types].xml')!.async('string');
  types = types.replace('</Types>', `<Override PartName="/${chartPath}" ContentType="${CT_CHART}"/><Override PartName="/${drawingPath}" ContentType="${CT_DRAWING}"/></Types>`);
  zip.file('[Content_Types].xml', types);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
