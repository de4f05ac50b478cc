import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { safeReturnTo, signInHref } from './access';
import { Header } from './components/Header';
import { PanelBoundary } from './components/PanelBoundary';
import { ErrorMessage, Loading } from './components/StateMessage';
import { StepUpDialog } from './components/StepUpDialog';
import { LiveProvider } from './live';
import { BoardPage } from './pages/BoardPage';
import { ChoosePasswordPage } from './pages/ChoosePasswordPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignInPage } from './pages/SignInPage';
import { navigate, useLocation } from './router';
import { SessionProvider, useSession } from './session';
import { BOARD_FILTERS, readView, searchOf } from './view';

/** When the console last reloaded itself for a chunk it could not fetch (sessionStorage: per tab). */
const CHUNK_RELOAD_KEY = 'switchboard:chunk-reload-at';
const CHUNK_RELOAD_AGAIN_AFTER_MS = 60_000;

/**
 * The board, sign-in and not-found pages come with the first script; every other page is its own
 * chunk, fetched the first time it is opened, so the board does not wait for code it does not run.
 * A tab left open across an upgrade asks for chunk names the new build no longer has: it reloads
 * once to fetch the new build instead of failing the page (twice in a minute: the failure is shown).
 */
function lazyPage<Props extends object>(load: () => Promise<ComponentType<Props>>) {
  return lazy(async () => {
    try {
      return { default: await load() };
    } catch (error) {
      const last = Number(sessionStorage.getItem(CHUNK_RELOAD_KEY) ?? 0);
      if (Date.now() - last < CHUNK_RELOAD_AGAIN_AFTER_MS) throw error;
      sessionStorage.setItem(CHUNK_RELOAD_KEY, String(Date.now()));
      window.location.reload();
      return new Promise<never>(() => undefined);
    }
  });
}
const AccountPage = lazyPage(() => import('./pages/AccountPage').then((page) => page.AccountPage));
const AuditPage = lazyPage(() => import('./pages/admin/AuditPage').then((page) => page.AuditPage));
const OverviewPage = lazyPage(() => import('./pages/OverviewPage').then((page) => page.OverviewPage));
const TokensPage = lazyPage(() => import('./pages/admin/TokensPage').then((page) => page.TokensPage));
const UsersPage = lazyPage(() => import('./pages/admin/UsersPage').then((page) => page.UsersPage));
const AlertPage = lazyPage(() => import('./pages/AlertPage').then((page) => page.AlertPage));
const AlertsPage = lazyPage(() => import('./pages/AlertsPage').then((page) => page.AlertsPage));
const CataloguePage = lazyPage(() => import('./pages/CataloguePage').then((page) => page.CataloguePage));
const FlowPage = lazyPage(() => import('./pages/FlowPage').then((page) => page.FlowPage));
const IntegrationPage = lazyPage(() => import('./pages/IntegrationPage').then((page) => page.IntegrationPage));
const IngestLimitsPage = lazyPage(() => import('./pages/IngestLimitsPage').then((page) => page.IngestLimitsPage));
const JobsPage = lazyPage(() => import('./pages/JobsPage').then((page) => page.JobsPage));
const ReportPage = lazyPage(() => import('./pages/ReportPage').then((page) => page.ReportPage));
const TenantReportPage = lazyPage(() => import('./pages/TenantReportPage').then((page) => page.TenantReportPage));
const RunbookPage = lazyPage(() => import('./pages/RunbookPage').then((page) => page.RunbookPage));
const RunbooksPage = lazyPage(() => import('./pages/RunbooksPage').then((page) => page.RunbooksPage));
const SilencesPage = lazyPage(() => import('./pages/SilencesPage').then((page) => page.SilencesPage));
const TracePage = lazyPage(() => import('./pages/TracePage').then((page) => page.TracePage));

function Page({ pathname, search }: { pathname: string; search: string }) {
  if (pathname === '/' || pathname === '/index.html') return <BoardPage search={search} />;
  const integration = /^\/integrations\/([^/]+)\/?$/.exec(pathname);
  if (integration) {
    const id = decodeURIComponent(integration[1]!);
    return <IntegrationPage key={id} id={id} search={search} />;
  }
  const report = /^\/integrations\/([^/]+)\/report\/?$/.exec(pathname);
  if (report) {
    const id = decodeURIComponent(report[1]!);
    return <ReportPage key={id} id={id} search={search} />;
  }
  if (/^\/reports\/?$/.test(pathname)) return <TenantReportPage search={search} />;
  if (/^\/flow\/?$/.test(pathname)) return <FlowPage search={search} />;
  if (/^\/catalogue\/?$/.test(pathname)) return <CataloguePage search={search} />;
  if (/^\/jobs\/?$/.test(pathname)) return <JobsPage search={search} />;
  if (/^\/ingest\/limits\/?$/.test(pathname)) return <IngestLimitsPage />;
  if (/^\/alerts\/?$/.test(pathname)) return <AlertsPage search={search} />;
  const alert = /^\/alerts\/(\d+)\/?$/.exec(pathname);
  if (alert) return <AlertPage key={alert[1]} id={alert[1]!} />;
  if (/^\/silences\/?$/.test(pathname)) return <SilencesPage />;
  if (/^\/runbooks\/?$/.test(pathname)) return <RunbooksPage search={search} />;
  if (/^\/trace\/?$/.test(pathname)) return <TracePage search={search} />;
  const runbook = /^\/runbooks\/([^/]+)\/?$/.exec(pathname);
  if (runbook) {
    const name = decodeURIComponent(runbook[1]!);
    return <RunbookPage key={name} name={name} search={search} />;
  }
  if (/^\/account\/?$/.test(pathname)) return <AccountPage />;
  if (/^\/overview\/?$/.test(pathname)) return <OverviewPage />;
  if (/^\/admin(\/users)?\/?$/.test(pathname)) return <UsersPage search={search} />;
  if (/^\/admin\/tokens\/?$/.test(pathname)) return <TokensPage search={search} />;
  if (/^\/admin\/audit\/?$/.test(pathname)) return <AuditPage search={search} />;
  return <NotFoundPage pathname={pathname} />;
}

/** The console for a signed-in caller: the header, the page, and the step-up dialog when an admin call asks for one. */
function Console({ pathname, search }: { pathname: string; search: string }) {
  const { session, stepUp, accept } = useSession();
  // The board link keeps the window and filters of the board or integration page it is on.
  const onBoardish = pathname === '/' || pathname.startsWith('/integrations/');
  const boardHref = onBoardish && search ? `/${searchOf(readView(search), BOARD_FILTERS)}` : '/';
  return (
    <LiveProvider>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Header boardHref={boardHref} pathname={pathname} />
      <main id="main" className="page">
        {/* Whatever a page meets that it cannot show, the header and navigation stay. */}
        <PanelBoundary what="this page" resetKey={pathname + search}>
          <Suspense fallback={<Loading />}>
            <Page pathname={pathname} search={search} />
          </Suspense>
        </PanelBoundary>
      </main>
      {stepUp && session && <StepUpDialog request={stepUp} session={session} onSession={accept} />}
    </LiveProvider>
  );
}

/** Asks who is signed in first: the sign-in page when nobody is, the password change when it is due, else the console. */
function Gate() {
  const { state, accept, reload } = useSession();
  const { pathname, search } = useLocation();
  const onSignIn = /^\/sign-in\/?$/.test(pathname);
  const returnTo = onSignIn ? safeReturnTo(new URLSearchParams(search).get('return_to')) : pathname + search;
  const explicit = state.status === 'signed-out' && state.explicit === true;

  useEffect(() => {
    if (state.status === 'signed-out' && !onSignIn) navigate(signInHref(explicit ? '/' : returnTo), { replace: true });
    if (state.status === 'signed-in' && onSignIn) navigate(returnTo, { replace: true });
  }, [state.status, onSignIn, returnTo, explicit]);

  if (state.status === 'loading') {
    return (
      <main id="main" className="page">
        <Loading />
      </main>
    );
  }
  if (state.status === 'error') {
    return (
      <main id="main" className="page">
        <ErrorMessage error={state.error} />
        <button type="button" className="button" onClick={() => void reload()}>
          Try again
        </button>
      </main>
    );
  }
  if (state.status === 'signed-out') return <SignInPage returnTo={explicit && !onSignIn ? '/' : returnTo} reason={state.reason} onSignedIn={accept} />;
  if (state.session.must_change_password) return <ChoosePasswordPage />;
  if (onSignIn) return null;
  return <Console pathname={pathname} search={search} />;
}

export function App() {
  return (
    <SessionProvider>
      <Gate />
    </SessionProvider>
  );
}
