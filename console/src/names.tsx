/**
 * The one place integration ids become the names people read: the catalogue's title, with the id
 * beside it where a reader may need it (to search logs, to write a rule). An id without a record
 * reads as itself.
 */
import { useEffect, useState } from 'react';
import { apiUrl, getJson } from './api';
import type { CatalogueAnswer } from './types';

type Names = ReadonlyMap<string, string>;

/** The catalogue's first page covers every installation the console is meant for (the API caps a page at 5,000). */
const NAMES_LIMIT = 5_000;

let loaded: Names = new Map();
let loading: Promise<Names> | undefined;

function loadNames(): Promise<Names> {
  loading ??= getJson<CatalogueAnswer>(apiUrl('/api/v1/catalogue', { limit: NAMES_LIMIT })).then(
    (answer) => (loaded = new Map(answer.integrations.filter((entry) => entry.title).map((entry) => [entry.id, entry.title]))),
    // Without names the console shows ids, as before: never an error over a label.
    () => loaded,
  );
  return loading;
}

/** The catalogue's names, fetched once per page load and shared by every component. */
export function useIntegrationNames(): Names {
  const [names, setNames] = useState<Names>(loaded);
  useEffect(() => {
    let live = true;
    void loadNames().then((found) => live && setNames(found));
    return () => {
      live = false;
    };
  }, []);
  return names;
}

/** "DHL Parcel API" for "dhl-carrier"; the id itself when the catalogue has no title for it. */
export function displayName(names: Names, id: string): string {
  return names.get(id) ?? id;
}

/**
 * An alert's title as people read it: the integration's name, then the rule without the
 * integration id a default rule's name starts with ("dhl-carrier:error_rate" → "DHL Parcel API ·
 * error rate"). A rule over every integration ("label-success") still says which one fired.
 */
export function alertTitle(names: Names, alert: { rule: string; integration: string }): string {
  return `${displayName(names, alert.integration)} · ${ruleLabel(alert)}`;
}

/** The rule's part of an alert's title, where the integration is shown beside it. */
export function ruleLabel(alert: { rule: string; integration: string }): string {
  const prefix = `${alert.integration}:`;
  return (alert.rule.startsWith(prefix) ? alert.rule.slice(prefix.length) : alert.rule).replace(/_/g, ' ');
}

/** An integration's name, and its id in small type when they differ and `withId` asks for it. */
export function IntegrationName({ id, withId = false }: { id: string; withId?: boolean }) {
  const name = displayName(useIntegrationNames(), id);
  return (
    <span className="integration-name" data-integration-id={id} title={name === id ? undefined : id}>
      {name}
      {withId && name !== id && (
        <>
          {' '}
          <code className="integration-name__id">{id}</code>
        </>
      )}
    </span>
  );
}
