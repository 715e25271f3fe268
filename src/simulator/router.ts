/**
 * Path matching: `/users/:user/history/:type` style patterns, literal
 * segments winning over parameters (so /users/settings is not a user).
 */
import type { Route } from './state.ts';

interface Compiled {
  route: Route;
  parts: string[];
}

export type Match = { route: Route; params: Record<string, string> } | { status: 404 | 405 };

export class Router {
  private readonly byLength = new Map<number, Compiled[]>();

  constructor(routes: Route[]) {
    for (const route of routes) {
      const parts = route.pattern.split('/').filter(Boolean);
      const list = this.byLength.get(parts.length) ?? [];
      list.push({ route, parts });
      this.byLength.set(parts.length, list);
    }
    for (const list of this.byLength.values()) {
      // Literal segments before parameters, position by position.
      list.sort((x, y) => {
        for (let i = 0; i < x.parts.length; i++) {
          const a = x.parts[i]!.startsWith(':') ? 1 : 0;
          const b = y.parts[i]!.startsWith(':') ? 1 : 0;
          if (a !== b) return a - b;
        }
        return 0;
      });
    }
  }

  match(method: string, segments: string[]): Match {
    let pathMatched = false;
    for (const { route, parts } of this.byLength.get(segments.length) ?? []) {
      const params: Record<string, string> = {};
      let okay = true;
      for (let i = 0; i < parts.length && okay; i++) {
        const part = parts[i]!;
        const seg = segments[i]!;
        if (part.startsWith(':')) params[part.slice(1)] = seg;
        else okay = part === seg;
      }
      if (!okay) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params };
      pathMatched = true;
    }
    return { status: pathMatched ? 405 : 404 };
  }
}
