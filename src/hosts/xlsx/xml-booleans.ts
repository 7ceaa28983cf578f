/**
 * OOXML booleans may be written "true"/"false" (xsd:boolean) or "1"/"0". LibreOffice and WPS write
 * the words; ExcelJS reads only the digits, so a LibreOffice-saved form loaded and saved by ExcelJS
 * lost its sheet protection (also of the hidden identity sheet), its fit-to-one-page-wide print
 * setup and its centring. Rewriting the attribute values of the worksheet and workbook parts to
 * digits before ExcelJS reads them keeps all of that. Only attribute values change: cell text lives
 * in sharedStrings or inside elements, never in an attribute of these parts.
 */
import JSZip from 'jszip';

const PARTS = /^xl\/(workbook\.xml|worksheets\/[^/]+\.xml|styles\.xml)$/;

/** The zip with every ="true" / ="false" attribute of its workbook, sheet and style parts as ="1" / ="0"; the same buffer when none had words. */
export async function normaliseXmlBooleans(buf: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buf);
  let changed = false;
  for (const name of Object.keys(zip.files)) {
    if (!PARTS.test(name)) continue;
    const xml = await zip.file(name)!.async('string');
    const next = xml.replace(/(\s[\w:]+)="(true|false)"/g, (_m, attr: string, v: string) => `${attr}="${v === 'true' ? 1 : 0}"`);
    if (next !== xml) {
      zip.file(name, next);
      changed = true;
    }
  }
  return changed ? zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }) : buf;
}
