/** The import stamp the view last saw, and of which (pipeline, day). */
export interface SeenImport {
  day: string;
  stamp: string | null;
}

/**
 * Whether a change of the day list means the shown day was imported again (reload it): only when the same day's
 * import stamp changed. Switching days changes the stamp too — that day's own load already runs, and loading it a
 * second time here fetched every row twice.
 */
export function reloadsOnImport(previous: SeenImport | null, now: SeenImport): boolean {
  return previous !== null && previous.day === now.day && previous.stamp !== null && previous.stamp !== now.stamp;
}
