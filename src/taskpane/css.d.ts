/** webpack loads .css as text (asset/source); the pane injects it once at start. */
declare module '*.css' {
  const text: string;
  export default text;
}
