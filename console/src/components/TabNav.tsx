import { Link } from '../router';
import { TABS, type TabKey } from '../view';

/** The integration page's sections as links (each a deep link with `?tab=`); the current one is marked. */
export function TabNav({ current, hrefFor }: { current: TabKey; hrefFor: (tab: TabKey) => string }) {
  return (
    <nav className="tabs" aria-label="Integration sections">
      {TABS.map((tab) => (
        <Link
          key={tab.key}
          href={hrefFor(tab.key)}
          className={tab.key === current ? 'tabs__tab is-active' : 'tabs__tab'}
          aria-current={tab.key === current ? 'page' : undefined}
          data-testid={`tab-${tab.key}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
