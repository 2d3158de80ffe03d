import type { triageOps } from '../../../shared/ops/triage';
import type { CoreContext, HandlersOf } from '../context';

export function triageHandlers(_ctx: CoreContext): HandlersOf<typeof triageOps> {
  return {};
}
