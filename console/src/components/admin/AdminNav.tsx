import type { ReactNode } from 'react';
import { Link } from '../../router';

const PAGES = [
  { key: 'users', href: '/admin/users', label: 'Users' },
  { key: 'tokens', href: '/admin/tokens', label: 'Tokens' },
  { key: 'audit', href: '/admin/audit', label: 'Audit trail' },
] as const;
export type AdminPageKey = (typeof PAGES)[number]['key'];

/** The administration pages' heading and their tabs: users, tokens, the audit trail. */
export function AdminNav({ current, children }: { current: AdminPageKey; children?: ReactNode }) {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Administration</h1>
          <p className="page-head__reason">Who may sign in and as what, the tokens services use, and the record of who did what.</p>
        </div>
        {children}
      </div>
      <nav className="tabs" aria-label="Administration">
        {PAGES.map((page) => (
          <Link key={page.key} href={page.href} className={page.key === current ? 'tabs__tab is-active' : 'tabs__tab'} aria-current={page.key === current ? 'page' : undefined} data-testid={`admin-tab-${page.key}`}>
            {page.label}
          </Link>
        ))}
      </nav>
    </>
  );
}
