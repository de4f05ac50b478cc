import { Link } from '../router';
import { integrationHref } from '../view';

/** Ids that send records but have no catalogue record: nothing is dropped, but someone should write one. */
export function UncataloguedList({ ids }: { ids: string[] }) {
  return (
    <section className="panel" aria-labelledby="uncatalogued-heading" data-testid="uncatalogued">
      <div className="panel__head">
        <h2 id="uncatalogued-heading">Uncatalogued</h2>
        <p className="panel__note">sending data but not in the catalogue — add a record</p>
      </div>
      <ul className="uncatalogued">
        {ids.map((id) => (
          <li key={id} data-testid={`uncatalogued-${id}`}>
            <Link href={integrationHref(id, undefined, 'catalogue')}>
              <code>{id}</code>
            </Link>{' '}
            <span className="tag tag--uncatalogued">uncatalogued</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
