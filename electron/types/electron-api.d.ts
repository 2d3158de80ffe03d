// The subset of Electron's API that electron/main.ts and electron/preload.ts use, typed for `npm run typecheck`.
// `electron` is an optional dependency whose binary (and types) are missing where its download fails, so
// tsconfig maps the module here. Keep it to what we call; signatures follow Electron 38's electron.d.ts.
export interface IpcMainInvokeEvent {
  sender: WebContents;
}
export interface Event {
  preventDefault(): void;
}
export interface WebContents {
  on(event: 'will-navigate', listener: (event: Event, url: string) => void): this;
  on(event: 'will-attach-webview', listener: (event: Event) => void): this;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  send(channel: string, ...args: unknown[]): void;
  printToPDF(options: {
    printBackground?: boolean;
    pageSize?: 'A4' | 'Letter';
    displayHeaderFooter?: boolean;
    headerTemplate?: string;
    footerTemplate?: string;
    margins?: { top?: number; bottom?: number; left?: number; right?: number };
  }): Promise<Buffer>;
}
export interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInWorker?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  webviewTag?: boolean;
  spellcheck?: boolean;
  javascript?: boolean;
  offscreen?: boolean;
}
export class BrowserWindow {
  constructor(options: {
    width?: number;
    height?: number;
    title?: string;
    show?: boolean;
    webPreferences?: WebPreferences;
  });
  webContents: WebContents;
  loadFile(file: string): Promise<void>;
  loadURL(url: string): Promise<void>;
  destroy(): void;
  static getAllWindows(): BrowserWindow[];
}
export const app: {
  whenReady(): Promise<void>;
  getPath(name: 'userData'): string;
  getVersion(): string;
  quit(): void;
  on(event: 'activate' | 'window-all-closed', listener: () => void): void;
  on(event: 'web-contents-created', listener: (event: Event, contents: WebContents) => void): void;
};
export const ipcMain: {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
};
export const session: {
  defaultSession: {
    webRequest: {
      onHeadersReceived(
        listener: (
          details: { responseHeaders?: Record<string, string[]> },
          callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
        ) => void,
      ): void;
    };
    setPermissionRequestHandler(
      handler: (webContents: WebContents, permission: string, callback: (granted: boolean) => void) => void,
    ): void;
  };
};
export interface IpcRendererEvent {
  sender: unknown;
}
export const ipcRenderer: {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: never[]) => void): void;
  removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: never[]) => void): void;
};
export const contextBridge: {
  exposeInMainWorld(key: string, api: Record<string, unknown>): void;
};
