import { firstInput } from '../../form-state.js';

const MESSAGE = '一時的に保存できませんでした。入力内容はそのままです。しばらくしてからもう一度送信してください。';

/**
 * The acknowledgement when the database fails: the message sits on the form's first input, so the
 * modal stays open with everything that was typed.
 */
export function unavailableAck(state: unknown) {
  const block = firstInput(state);
  return block ? { response_action: 'errors' as const, errors: { [block]: MESSAGE } } : undefined;
}
