/**
 * The slice of papaparse the core uses, typed here because @types/papaparse pulls in Node's types
 * (`/// <reference types="node" />`), which would let any core module import fs unnoticed and defeat
 * tsconfig.core.json. The core imports 'papaparse/papaparse.js' (the same file as the package's main).
 */
declare module 'papaparse/papaparse.js' {
  export interface ParseError {
    type: string;
    code: string;
    message: string;
    /** 0-based index of the data row. */
    row?: number;
  }
  export interface ParseResult {
    data: string[][];
    errors: ParseError[];
  }
  export interface ParseConfig {
    header?: false;
    skipEmptyLines?: boolean | 'greedy';
    delimiter?: string;
  }
  export interface UnparseConfig {
    quotes?: boolean;
    delimiter?: string;
    newline?: string;
    header?: boolean;
    escapeFormulae?: boolean | RegExp;
  }
  export function parse(input: string, config?: ParseConfig): ParseResult;
  export function unparse(data: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>, config?: UnparseConfig): string;
}
