// saxon-js ships no types: the one call this lib makes.
declare module 'saxon-js' {
  interface TransformOptions {
    stylesheetInternal?: unknown;
    stylesheetFileName?: string;
    sourceText?: string;
    destination?: 'serialized' | 'raw' | 'document';
  }
  interface TransformResult {
    principalResult: string;
  }
  const SaxonJS: { transform(options: TransformOptions, mode: 'sync'): TransformResult };
  export default SaxonJS;
}
