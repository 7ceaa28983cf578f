/** The seed documents, read from ../shared/seeds beside the repository (kept byte for byte there). */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { SourceDocument } from '../../src/importer';

export const SEEDS_DIR = path.resolve(__dirname, '../../../shared/seeds');

export function seedPath(prefix: string): string {
  const name = readdirSync(SEEDS_DIR).find((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  if (!name) throw new Error(`seed ${prefix} not found in ${SEEDS_DIR}`);
  return path.join(SEEDS_DIR, name);
}

export function seed(prefix: string): SourceDocument {
  const p = seedPath(prefix);
  return { id: path.basename(p), text: readFileSync(p, 'utf8') };
}

export function allSeeds(): SourceDocument[] {
  return ['000', '001', '002', '003', '004'].map(seed);
}

export const FIXTURES_DIR = path.resolve(__dirname, '../fixtures/documents');
export const EXPECTED_DIR = path.resolve(__dirname, 'expected');

export function expected<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(EXPECTED_DIR, name), 'utf8')) as T;
}
