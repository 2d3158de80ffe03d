/** Threat investigation, storyboard and export. */
export const investigationOps = {} as const;
