import { emptyOutput, type ReaderInput, type ReaderOutput } from './types';
export function readReport(_input: ReaderInput): ReaderOutput {
  return emptyOutput();
}
