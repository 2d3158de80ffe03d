import type { settingsOps } from '../../../shared/ops/settings';
import type { CoreContext, HandlersOf } from '../context';

export function settingsHandlers(_ctx: CoreContext): HandlersOf<typeof settingsOps> {
  return {};
}
