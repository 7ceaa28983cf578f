/**
 * The part of the custom functions runtime this bundle touches: the metadata plugin's loader adds
 * CustomFunctions.associate calls to functions.ts, and errors are CustomFunctions.Error.
 */
declare namespace CustomFunctions {
  function associate(id: string, fn: (...args: never[]) => unknown): void;
  class Error {
    constructor(code: string, message?: string);
  }
  const ErrorCode: { notAvailable: string; invalidValue: string };
}
