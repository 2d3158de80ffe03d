import {
  API,
  ApiError,
  isOperationName,
  validateRequest,
  type DispatchResult,
  type OperationName,
} from '../../shared/api';
import type { Handlers } from './api';
import { BadDateError } from '../../shared/spot-date';
import { InputError } from './errors';
import { CacheFileError, CacheNotWritableError } from './cache/db';

/** The single entry every door (IPC, HTTP, CLI) goes through: only declared operations, each request validated. */
export async function dispatch(handlers: Handlers, name: unknown, request: unknown): Promise<DispatchResult> {
  try {
    if (typeof name !== 'string' || !isOperationName(name)) {
      throw new ApiError('unknown-operation', `unknown operation ${JSON.stringify(String(name)).slice(0, 80)}`);
    }
    const valid = validateRequest(name, request);
    const handler = handlers[name] as (req: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(valid) };
  } catch (err) {
    return { ok: false, error: toErrorShape(err) };
  }
}

function toErrorShape(err: unknown): { code: string; message: string } {
  if (err instanceof ApiError) return { code: err.code, message: err.message };
  if (err instanceof InputError || err instanceof BadDateError) return { code: 'input', message: err.message };
  if (err instanceof CacheFileError || err instanceof CacheNotWritableError) {
    return { code: 'conflict', message: err.message };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}

export const OPERATION_NAMES = Object.keys(API) as OperationName[];
