/** Every Action and NotAction value of a policy, with its parts. */
import type { CheckContext } from '../define-check.js';
import { memo } from './memo.js';
import type { Located, StatementView } from './policy-view.js';

export interface ActionValue extends Located<string> {
  statement: StatementView;
  element: 'Action' | 'NotAction';
  /** Undefined for `*` and for values without a colon. */
  service: string | undefined;
  name: string | undefined;
}

export function actionValues(ctx: CheckContext): ActionValue[] {
  return memo(ctx, 'actionValues', () => _actionValues(ctx));
}

function _actionValues(ctx: CheckContext): ActionValue[] {
  const out: ActionValue[] = [];
  for (const st of ctx.statements) {
    for (const [element, list] of [
      ['Action', st.actions],
      ['NotAction', st.notActions],
    ] as const) {
      for (const v of list ?? []) {
        const colon = v.value.indexOf(':');
        out.push({
          value: v.value,
          path: v.path,
          statement: st,
          element,
          service: colon > 0 ? v.value.slice(0, colon) : undefined,
          name: colon > 0 ? v.value.slice(colon + 1) : undefined,
        });
      }
    }
  }
  return out;
}
