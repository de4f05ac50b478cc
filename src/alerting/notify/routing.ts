import type { RouteConfig } from './config.js';

interface CompiledRoute {
  matchers: Array<{ label: string; test: (value: string) => boolean }>;
  channels: string[];
  continue: boolean;
}

const compiled = new WeakMap<readonly RouteConfig[], CompiledRoute[]>();

/** "~regex" is a full-match regular expression (anchored like Alertmanager's =~); anything else is exact. */
function matcherFor(label: string, pattern: string): CompiledRoute['matchers'][number] {
  if (pattern.startsWith('~')) {
    const regex = new RegExp(`^(?:${pattern.slice(1)})$`);
    return { label, test: (value) => regex.test(value) };
  }
  return { label, test: (value) => value === pattern };
}

export function compileRoutes(routes: readonly RouteConfig[]): CompiledRoute[] {
  let result = compiled.get(routes);
  if (result === undefined) {
    result = routes.map((route) => ({
      matchers: Object.entries(route.match ?? {}).map(([label, pattern]) => matcherFor(label, pattern)),
      channels: route.channels,
      continue: route.continue === true,
    }));
    compiled.set(routes, result);
  }
  return result;
}

/**
 * The channels an alert goes to: routes are tried in order against its labels (a missing label
 * reads as ""); the first match wins unless it says `continue`. A route without `match` matches
 * everything (the catch-all, written last). When nothing matches, `fallback` (default none).
 * Channel names come back once each, in route order.
 */
export function routeAlert(routes: readonly RouteConfig[], labels: Record<string, string>, fallback: readonly string[] = []): string[] {
  const result: string[] = [];
  let matched = false;
  for (const route of compileRoutes(routes)) {
    if (!route.matchers.every((matcher) => matcher.test(labels[matcher.label] ?? ''))) continue;
    matched = true;
    for (const channel of route.channels) if (!result.includes(channel)) result.push(channel);
    if (!route.continue) break;
  }
  return matched ? result : [...fallback];
}

/**
 * What a JSON Schema cannot say about routes: regexes that do not compile and channels that are
 * not declared. One message per problem, with the route's index; empty when all is well.
 */
export function checkRoutes(routes: readonly RouteConfig[], channelNames: Iterable<string>): string[] {
  const known = new Set(channelNames);
  const problems: string[] = [];
  routes.forEach((route, index) => {
    for (const [label, pattern] of Object.entries(route.match ?? {})) {
      if (!pattern.startsWith('~')) continue;
      try {
        new RegExp(`^(?:${pattern.slice(1)})$`);
      } catch (error) {
        problems.push(`routes[${index}].match.${label}: invalid regular expression ${JSON.stringify(pattern.slice(1))}: ${(error as Error).message}`);
      }
    }
    for (const channel of route.channels) {
      if (!known.has(channel)) problems.push(`routes[${index}].channels: no channel named "${channel}" is declared`);
    }
  });
  return problems;
}
