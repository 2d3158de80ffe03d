/** Settings, sources and connection tests. */
export const settingsOps = {} as const;
