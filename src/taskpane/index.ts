/** Entry: wiring only. Office.onReady → startPane; everything else is testable without Office. */
import { startPane } from './start';

Office.onReady(() => {
  const root = document.getElementById('app');
  if (root) startPane(root, Office.context?.displayLanguage);
});
