/**
 * The one API contract. Each operation is declared once, in the domain file under shared/ops/: its name, a zod
 * schema that validates the request (every door — Electron IPC, HTTP, CLI — validates with it before the core sees
 * it) and its response type. electron/core/handlers/ implements each operation once; the renderer reaches them all
 * through one typed invoke().
 */
import type { z } from 'zod';
import { ApiError, type OperationDef } from './api-base';
import { coreOps } from './ops/core';
import { feedbackOps } from './ops/feedback';
import { investigationOps } from './ops/investigation';
import { settingsOps } from './ops/settings';
import { triageOps } from './ops/triage';

export const API = { ...coreOps, ...triageOps, ...feedbackOps, ...investigationOps, ...settingsOps } as const;

export type OperationName = keyof typeof API;
export type OperationRequest<K extends OperationName> = z.input<(typeof API)[K]['request']>;
/** The request after validation and defaults, as the core receives it. */
export type ValidRequest<K extends OperationName> = z.output<(typeof API)[K]['request']>;
export type OperationResponse<K extends OperationName> =
  (typeof API)[K] extends OperationDef<z.ZodType, infer Res> ? Res : never;

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(API, name);
}

/** Validates a request for a declared operation; throws ApiError('bad-request') naming the fields. */
export function validateRequest<K extends OperationName>(name: K, request: unknown): ValidRequest<K> {
  const parsed = API[name].request.safeParse(request ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`)
      .join('; ');
    throw new ApiError('bad-request', `${name}: ${detail}`);
  }
  return parsed.data as ValidRequest<K>;
}

/** The signature both transports give the renderer. */
export type Invoke = <K extends OperationName>(name: K, request: OperationRequest<K>) => Promise<OperationResponse<K>>;

export * from './api-base';
