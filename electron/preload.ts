// The preload: exposes exactly one typed invoke() and one event subscription. It accepts only operations declared
// in shared/api.ts and validates each request before it leaves the renderer (main validates again).
import { contextBridge, ipcRenderer } from 'electron';
import { isOperationName, validateRequest, type ApiEvent } from '../shared/api';

contextBridge.exposeInMainWorld('spotDesk', {
  invoke: async (name: string, request: unknown) => {
    if (!isOperationName(name)) throw new Error(`unknown operation ${name}`);
    validateRequest(name, request);
    return ipcRenderer.invoke('spot-desk:invoke', name, request);
  },
  onEvent: (listener: (event: ApiEvent) => void) => {
    const wrapped = (_event: unknown, payload: ApiEvent) => listener(payload);
    ipcRenderer.on('spot-desk:event', wrapped);
    return () => ipcRenderer.removeListener('spot-desk:event', wrapped);
  },
});
