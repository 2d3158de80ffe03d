// The thin Electron shell: one window, locked down; every operation goes through the same dispatch() as HTTP.
import { app, BrowserWindow, ipcMain, session } from 'electron';
import path from 'node:path';
import { createCore, type Core } from './core/api';
import { dispatch } from './core/dispatch';
import { electronPrinter } from './core/report/electron-printer';
import { CONTENT_SECURITY_POLICY, isAppUrl, printWindowPreferences, secureWebPreferences } from './window-config';

let core: Core | undefined;

function createWindow(): void {
  const indexFile = path.join(__dirname, '..', '..', 'renderer', 'dist', 'index.html');
  const appUrl = `file://${indexFile}`;
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Spot Desk',
    webPreferences: secureWebPreferences(path.join(__dirname, 'preload.cjs')),
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  void win.loadFile(indexFile);
}

/** Report HTML to PDF with Electron's own Chromium: a hidden window with no script; the HTML, page, margins and
 * templates come from the shared report code (electron-printer.ts, pdf.ts), as in browser mode. */
const printer = electronPrinter(() => new BrowserWindow({ show: false, webPreferences: printWindowPreferences() }));

app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  core = createCore({
    dataDir: app.getPath('userData'),
    mode: 'electron',
    version: app.getVersion(),
    workerPath: (name) => path.join(__dirname, `${name}.cjs`),
    printPdf: printer,
    warmPdfOnStoryboard: true,
  });
  ipcMain.handle('spot-desk:invoke', (_event, name: unknown, request: unknown) =>
    dispatch(core!.handlers, name, request),
  );
  core.onEvent((event) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send('spot-desk:event', event);
  });
  void core.handlers['sample.load']({}).catch(() => undefined);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('web-contents-created', (_event, contents) => {
  // No page of the app navigates anywhere but its own file; links to the web are never followed.
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith('file://')) event.preventDefault();
  });
});

app.on('window-all-closed', () => {
  core?.close();
  if (process.platform !== 'darwin') app.quit();
});
