/**
 * Finding templates on disk: templates/<id>.spec.json beside templates/<file>.xlsx. Adding a
 * template is adding those two files; nothing here names a template.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type ExcelJS from 'exceljs';
import { parseSpec, type TemplateSpec } from '../../template/spec';
import { PlanbookError } from '../../model/errors';
import { loadWorkbook } from './file';

/** The templates folder: PLANBOOK_TEMPLATES, else the one shipped beside src/ and dist/. */
export function templatesDir(env: Record<string, string | undefined> = process.env): string {
  return env.PLANBOOK_TEMPLATES ? resolve(env.PLANBOOK_TEMPLATES) : resolve(__dirname, '..', '..', '..', 'templates');
}

export async function listSpecs(dir = templatesDir()): Promise<TemplateSpec[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.spec.json')).sort();
  return Promise.all(files.map((f) => readSpecFile(join(dir, f))));
}

export async function readSpecFile(file: string): Promise<TemplateSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new PlanbookError('NOT_FOUND', { zh: `找不到模板说明文件 ${file}`, en: `Template spec not found: ${file}` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    throw new PlanbookError('VALIDATION', { zh: `模板说明文件 ${file} 不是有效的 JSON：${m}`, en: `Template spec ${file} is not valid JSON: ${m}` });
  }
  return parseSpec(json);
}

export async function loadSpec(id: string, dir = templatesDir()): Promise<TemplateSpec> {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) {
    throw new PlanbookError('BAD_REQUEST', { zh: `模板名无效：${id}`, en: `Not a template name: ${id}` });
  }
  try {
    return await readSpecFile(join(dir, `${id}.spec.json`));
  } catch (e) {
    if (e instanceof PlanbookError && e.code === 'NOT_FOUND') {
      const known = (await listSpecs(dir).catch(() => [])).map((s) => s.id).join(', ');
      throw new PlanbookError('BAD_REQUEST', { zh: `没有名为 ${id} 的模板；可用模板：${known}`, en: `No template named ${id}; available: ${known}` });
    }
    throw e;
  }
}

export async function loadTemplate(id: string, dir = templatesDir()): Promise<{ spec: TemplateSpec; workbook: ExcelJS.Workbook }> {
  const spec = await loadSpec(id, dir);
  return { spec, workbook: await loadWorkbook(join(dir, spec.file)) };
}
