/** Whether the Suspicious view opens as cases or as the flat row list: the analyst's last choice, remembered. */
export type SuspiciousLayout = 'cases' | 'rows';

export const LAYOUT_KEY = 'spot-desk.suspicious.layout';

/** The stored choice; cases unless the analyst chose the rows (anything else stored counts as unset). */
export function parseLayout(stored: string | null): SuspiciousLayout {
  return stored === 'rows' ? 'rows' : 'cases';
}

export function readLayout(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): SuspiciousLayout {
  return parseLayout(storage?.getItem(LAYOUT_KEY) ?? null);
}

export function saveLayout(
  layout: SuspiciousLayout,
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
): void {
  storage?.setItem(LAYOUT_KEY, layout);
}
