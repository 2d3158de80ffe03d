import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isAppUrl, printWindowPreferences, secureWebPreferences } from './window-config';

describe('Electron window configuration', () => {
  it('isolates the renderer: context isolation, sandbox, no Node integration, no webview', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has a strict Content-Security-Policy', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('lets the window load only the app itself', () => {
    const app = 'file:///opt/spot-desk/renderer/dist/index.html';
    expect(isAppUrl(app, app)).toBe(true);
    expect(isAppUrl('https://evil.example/', app)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', app)).toBe(false);
    expect(isAppUrl('not a url', app)).toBe(false);
  });

  it('prints reports in a window that runs no script and has no Node', () => {
    expect(printWindowPreferences()).toMatchObject({
      javascript: false,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(printWindowPreferences()).not.toHaveProperty('preload');
  });

  it('main.ts prints with the shared page options and the print window settings, nothing of its own', () => {
    const main = fs.readFileSync(path.join(__dirname, 'main.ts'), 'utf8');
    // What the printer does with the window is tested in core/report/electron-printer.test.ts.
    expect(main).toContain(
      'electronPrinter(() => new BrowserWindow({ show: false, webPreferences: printWindowPreferences() }))',
    );
    expect(main).toContain('printPdf: printer');
    expect(main).not.toContain('printToPDF');
  });

  it('main.ts wires these settings, blocks navigation and new windows, and denies permissions', () => {
    const main = fs.readFileSync(path.join(__dirname, 'main.ts'), 'utf8');
    expect(main).toContain('webPreferences: secureWebPreferences(');
    expect(main).toContain("on('will-navigate'");
    expect(main).toContain("setWindowOpenHandler(() => ({ action: 'deny' }))");
    expect(main).toContain('setPermissionRequestHandler((_wc, _permission, callback) => callback(false))');
    expect(main).toContain("'Content-Security-Policy': [CONTENT_SECURITY_POLICY]");
  });

  it('only electron/main.ts and electron/preload.ts import electron', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'node_modules' && entry.name !== 'types') walk(file);
        } else if (
          /\.(ts|svelte)$/.test(entry.name) &&
          /^import[^;]*from 'electron';/m.test(fs.readFileSync(file, 'utf8'))
        ) {
          offenders.push(path.relative(path.join(__dirname, '..'), file));
        }
      }
    };
    for (const top of ['electron', 'renderer', 'shared']) walk(path.join(__dirname, '..', top));
    expect(offenders.sort()).toEqual(['electron/main.ts', 'electron/preload.ts']);
  });
});
