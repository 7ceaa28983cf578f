/**
 * The seed documents and the Plan the importer makes of them, for the checks' and reports' acceptance tests.
 * Seeds are read from ../shared/seeds beside the repository, byte for byte as published.
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { importDocuments } from '../../src/importer';
import type { Plan } from '../../src/model/plan';

export const SEEDS_DIR = path.resolve(__dirname, '../../../shared/seeds');

export function seedText(prefix: string): { id: string; text: string } {
  const file = readdirSync(SEEDS_DIR).find((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  if (!file) throw new Error(`seed ${prefix} not found in ${SEEDS_DIR}`);
  return { id: file, text: readFileSync(path.join(SEEDS_DIR, file), 'utf8') };
}

const cache = new Map<string, Plan>();

/** The 2023 plan imported from 003 (targets and the 138 tasks), as the importer makes it. */
export function seedPlan2023(): Plan {
  let plan = cache.get('003');
  if (!plan) {
    plan = importDocuments([seedText('003')]).plan;
    cache.set('003', plan);
  }
  return plan;
}

export const FIXTURES_DIR = path.resolve(__dirname, '../fixtures');

export function fixtureText(rel: string): string {
  return readFileSync(path.join(FIXTURES_DIR, rel), 'utf8');
}
