/**
 * The renderer's only way to the core: one typed invoke(), over Electron IPC (window.spotDesk from the preload)
 * or, in browser mode, over HTTP with the per-launch token. Events arrive through onEvent() either way.
 */
import {
  ApiError,
  type ApiErrorCode,
  type ApiEvent,
  type DispatchResult,
  type Invoke,
  type OperationName,
} from '../../shared/api';

interface Bridge {
  invoke(name: string, request: unknown): Promise<DispatchResult>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

declare global {
  interface Window {
    spotDesk?: Bridge;
  }
}

const TOKEN_KEY = 'spot-desk-token';

/** Browser mode: the launch link carries `#token=…`; keep it for this tab and take it out of the address bar. */
export function takeTokenFromLocation(): string | null {
  const match = /(?:^#|&)token=([0-9a-f]{16,128})/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

let token: string | null = null;

async function httpInvoke(name: OperationName, request: unknown): Promise<DispatchResult> {
  token ??= takeTokenFromLocation();
  if (!token) {
    return {
      ok: false,
      error: { code: 'forbidden', message: 'No access token: open Spot Desk with the link printed by `npm start`.' },
    };
  }
  const response = await fetch(`./api/invoke/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-spot-desk-token': token },
    body: JSON.stringify(request ?? {}),
  });
  return (await response.json()) as DispatchResult;
}

export const invoke: Invoke = async (name, request) => {
  const result = window.spotDesk ? await window.spotDesk.invoke(name, request) : await httpInvoke(name, request);
  if (!result.ok) throw new ApiError(result.error.code as ApiErrorCode, result.error.message);
  return result.value as never;
};

export function onEvent(listener: (event: ApiEvent) => void): () => void {
  if (window.spotDesk) return window.spotDesk.onEvent(listener);
  token ??= takeTokenFromLocation();
  if (!token) return () => {};
  const source = new EventSource(`./api/events?token=${encodeURIComponent(token)}`);
  source.onmessage = (message: MessageEvent<string>) => listener(JSON.parse(message.data) as ApiEvent);
  return () => source.close();
}
