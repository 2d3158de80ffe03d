/** Suspicious views: rows, details, graphs, scoring, allow-list and feedback. */
export const triageOps = {} as const;
