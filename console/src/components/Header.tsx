import { ZoneToggle } from './ZoneToggle';
import type { AlertsAnswer } from '../alerting';
import { useJson, usePollTick, useRefreshTick } from '../hooks';
import { Link } from '../router';
import { useCan } from '../session';
import { BrandMark } from './BrandMark';
import { LiveIndicator } from './LiveIndicator';
import { TraceSearch } from './TraceSearch';
import { UserMenu } from './UserMenu';

/** How many alerts fire now, next to the Alerts section, on every page. */
function FiringCount() {
  const tick = useRefreshTick(() => true);
  const poll = usePollTick(15_000);
  const firing = useJson<AlertsAnswer>('/api/v1/alerts?state=firing', tick + poll);
  const count = firing.data?.alerts.length ?? 0;
  if (count === 0) return null;
  return (
    <span className="alert-count alert-count--firing" data-testid="header-firing" aria-label={`${count} firing`}>
      {count}
    </span>
  );
}

const SECTIONS = [
  { href: '/flow', label: 'Flow', match: (path: string) => path.startsWith('/flow') },
  { href: '/alerts', label: 'Alerts', match: (path: string) => path.startsWith('/alerts') || path.startsWith('/silences') },
  { href: '/catalogue', label: 'Catalogue', match: (path: string) => path.startsWith('/catalogue') },
  { href: '/jobs', label: 'Feeds and jobs', match: (path: string) => path.startsWith('/jobs') },
  { href: '/runbooks', label: 'Runbooks', match: (path: string) => path.startsWith('/runbooks') },
  { href: '/reports', label: 'Reports', match: (path: string) => path.startsWith('/reports') },
];
/** The operations overview, and users, tokens and the audit trail: in the navigation for administrators only. */
const ADMIN_SECTIONS = [
  { href: '/overview', label: 'Overview', match: (path: string) => path.startsWith('/overview') },
  { href: '/admin/users', label: 'Admin', match: (path: string) => path.startsWith('/admin/') },
];

/** The bar on every page: the product name (back to the board), the sections, whether updates are live, and who is signed in. */
export function Header({ boardHref, pathname }: { boardHref: string; pathname: string }) {
  // "page" on the section's own page, "true" on a page inside it (an integration, a runbook).
  const current = (exact: boolean, within: boolean) => (exact ? 'page' : within ? 'true' : undefined);
  const onBoard = current(pathname === '/', pathname.startsWith('/integrations/'));
  const sections = useCan('admin') ? [...SECTIONS, ...ADMIN_SECTIONS] : SECTIONS;
  return (
    <header className="topbar">
      <div className="topbar__left">
        <Link href={boardHref} className="brand" aria-label="Switchboard: integration board">
          <BrandMark />
          Switchboard
        </Link>
        <nav className="sections" aria-label="Sections">
          <Link href={boardHref} className="sections__link" aria-current={onBoard}>
            Board
          </Link>
          {sections.map((section) => (
            <Link key={section.href} href={section.href} className="sections__link" aria-current={current(pathname === section.href, section.match(pathname))}>
              {section.label}
              {section.href === '/alerts' && <FiringCount />}
            </Link>
          ))}
        </nav>
      </div>
      <TraceSearch />
      <LiveIndicator />
      <ZoneToggle />
      <UserMenu />
    </header>
  );
}
