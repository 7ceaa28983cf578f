/** Ribbon commands entry. The ribbon button opens the task pane by manifest (ShowTaskpane), so no function commands are needed yet; Office still requires the page. */
Office.onReady(() => undefined);
