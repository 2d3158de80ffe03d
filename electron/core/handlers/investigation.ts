import type { investigationOps } from '../../../shared/ops/investigation';
import type { CoreContext, HandlersOf } from '../context';

export function investigationHandlers(_ctx: CoreContext): HandlersOf<typeof investigationOps> {
  return {};
}
