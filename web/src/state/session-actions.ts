import type { ApiClient } from '../api/client.ts';
import { isUnauthenticated } from '../api/api-error.ts';
import type { LoginAnswer, Me } from '../api/types.ts';
import type { AppStore } from './app-state.ts';

export interface SessionDeps {
  api: Pick<ApiClient, 'me' | 'logout'>;
  store: AppStore;
  /** Asks for a username and password; resolves once the server accepted them. */
  askSignIn: () => Promise<LoginAnswer>;
}

/** Who is signed in: asked of the server, or asked of the user when nobody is. */
export class SessionActions {
  constructor(private readonly deps: SessionDeps) {}

  /** Whoever is signed in, asking for a sign-in if nobody is; true when it had to ask. */
  async ensureSignedIn(request: Promise<Me> = this.deps.api.me()): Promise<boolean> {
    try {
      const me = await request;
      this.deps.store.dispatch({ type: 'session/user', user: { username: me.username, role: me.role } });
      return false;
    } catch (err) {
      if (!isUnauthenticated(err)) throw err;
      await this.promptSignIn();
      return true;
    }
  }

  async promptSignIn(): Promise<void> {
    const { store } = this.deps;
    store.dispatch({ type: 'status', status: null });
    const answer = await this.deps.askSignIn();
    store.dispatch({ type: 'session/user', user: { username: answer.username, role: answer.role } });
  }

  /** Ends the session on the server (the page then starts afresh, forgetting the signed-in data). */
  signOut(): Promise<void> {
    return this.deps.api.logout();
  }
}
