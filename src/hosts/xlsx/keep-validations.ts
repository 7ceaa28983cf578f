/**
 * `check --annotate` must leave a form's data validations exactly as they were (docs/templates.md).
 * ExcelJS does not: it reads validations per cell and, on writing, merges them into ranges that
 * overlap (a task form's `F5:F25` came back as `F10:F25` and `F5:F25`), which Excel may "repair".
 * Annotating never changes a validation, so the written sheet gets the original sheet's
 * `<dataValidations>` element back, byte for byte. Sheets are matched by name, since ExcelJS renumbers
 * the sheet parts.
 */
import JSZip from 'jszip';

const BLOCK = /<dataValidations\b[^>]*\/>|<dataValidations\b[\s\S]*?<\/dataValidations>/;

/** Sheet name → its part path (xl/worksheets/sheetN.xml), from workbook.xml and its relationships. */
async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wb = await zip.file('xl/workbook.xml')?.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (!wb || !rels) return out;
  const target = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const t = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && t) target.set(id, t.startsWith('/') ? t.slice(1) : `xl/${t}`);
  }
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const id = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    const part = id ? target.get(id) : undefined;
    if (name !== undefined && part) out.set(name, part);
  }
  return out;
}

/**
 * `written` (the annotated workbook ExcelJS wrote) with each sheet's `<dataValidations>` element
 * replaced by the one of the same-named sheet in `original`. A sheet that has the element on only one
 * side is left as written. Returns `written` itself when nothing differs.
 */
export async function keepValidations(original: Buffer, written: Buffer): Promise<Buffer> {
  const [a, b] = await Promise.all([JSZip.loadAsync(original), JSZip.loadAsync(written)]);
  const [pa, pb] = await Promise.all([sheetParts(a), sheetParts(b)]);
  let changed = false;
  for (const [name, partB] of pb) {
    const partA = pa.get(name);
    const xa = partA ? await a.file(partA)?.async('string') : undefined;
    const xb = await b.file(partB)?.async('string');
    if (!xa || !xb) continue;
    const va = BLOCK.exec(xa)?.[0];
    const vb = BLOCK.exec(xb)?.[0];
    if (va === undefined || vb === undefined || va === vb) continue;
    b.file(
      partB,
      xb.replace(BLOCK, () => va),
    );
    changed = true;
  }
  return changed ? b.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }) : written;
}
