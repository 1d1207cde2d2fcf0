// The bot's buttons and forms, routed by their action_id or callback_id behind one Bolt listener each.
// Bolt runs the matchers of every listener it holds for every request, acknowledgements included; with
// a listener per button that was a fifth of the bot's work before an ack (docs/benchmarks.md). Routed
// here, a click meets one lookup. What no route claims goes to the fallback (an unknown button or
// form), so no hand-kept pattern of "everything but ours" can forget a new button.
import type { App, BlockAction, Middleware, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';

/** An action_id or callback_id: exactly this string, or any the pattern matches. */
export type RouteId = string | RegExp;

type ActionListener<A extends BlockAction> = Middleware<SlackActionMiddlewareArgs<A>>;
type ViewListener = Middleware<SlackViewMiddlewareArgs>;

export interface ListenerRouter {
  /** A button (or menu) whose action_id this is; the first route that matches takes the click. */
  action<A extends BlockAction = BlockAction>(id: RouteId, listener: ActionListener<A>): void;
  /** A form submission (view_submission) whose callback_id this is. */
  view(id: RouteId, listener: ViewListener): void;
  /** What takes a click no route claims. */
  unknownAction(listener: ActionListener<BlockAction>): void;
  /** What takes a submission no route claims. */
  unknownView(listener: ViewListener): void;
}

interface Route<L> {
  id: RouteId;
  listener: L;
}

function claims(id: RouteId, value: string): boolean {
  return typeof id === 'string' ? id === value : id.test(value);
}

/** Installs the two Bolt listeners the routes are served from, and returns where routes are added. */
export function routeListeners(app: App): ListenerRouter {
  const actions: Route<ActionListener<BlockAction>>[] = [];
  const views: Route<ViewListener>[] = [];
  let unknownAction: ActionListener<BlockAction> | undefined;
  let unknownView: ViewListener | undefined;

  app.action<BlockAction>({ type: 'block_actions' }, async (args) => {
    const listener = actions.find((r) => claims(r.id, args.action.action_id))?.listener ?? unknownAction;
    await listener?.(args);
  });
  app.view({ type: 'view_submission' }, async (args) => {
    const listener = views.find((r) => claims(r.id, args.view.callback_id))?.listener ?? unknownView;
    await listener?.(args);
  });

  return {
    action<A extends BlockAction>(id: RouteId, listener: ActionListener<A>) {
      // The route is chosen by action_id alone; each listener names the kind of element it serves.
      actions.push({ id, listener: listener as unknown as ActionListener<BlockAction> });
    },
    view(id, listener) {
      views.push({ id, listener });
    },
    unknownAction(listener) {
      unknownAction = listener;
    },
    unknownView(listener) {
      unknownView = listener;
    },
  };
}
