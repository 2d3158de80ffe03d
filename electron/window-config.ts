// The Electron window's security settings, kept apart from main.ts so that a test can assert them without
// Electron installed.
import { CONTENT_SECURITY_POLICY } from './http-door';

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  } as const;
}

/** The hidden window a report is printed in: no script at all (the report has none), no Node, sandboxed. */
export function printWindowPreferences() {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    javascript: false,
    webSecurity: true,
    spellcheck: false,
  } as const;
}

export { CONTENT_SECURITY_POLICY };

/** Only the app's own pages may load in the window; everything else is refused. */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(appUrl);
    return target.protocol === app.protocol && target.host === app.host && target.pathname === app.pathname;
  } catch {
    return false;
  }
}
