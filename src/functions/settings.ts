/** The key under which the pane leaves the custom functions their server, token and plan (only when the user ticked "remember"). */
export const FUNCTIONS_SETTINGS_KEY = 'planbook.functions';
