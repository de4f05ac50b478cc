import { Header } from './components/Header';
import { LiveProvider } from './live';
import { AlertPage } from './pages/AlertPage';
import { AlertsPage } from './pages/AlertsPage';
import { BoardPage } from './pages/BoardPage';
import { CataloguePage } from './pages/CataloguePage';
import { FlowPage } from './pages/FlowPage';
import { IntegrationPage } from './pages/IntegrationPage';
import { JobsPage } from './pages/JobsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RunbookPage } from './pages/RunbookPage';
import { RunbooksPage } from './pages/RunbooksPage';
import { SilencesPage } from './pages/SilencesPage';
import { TracePage } from './pages/TracePage';
import { useLocation } from './router';
import { BOARD_FILTERS, readView, searchOf } from './view';

function Page({ pathname, search }: { pathname: string; search: string }) {
  if (pathname === '/' || pathname === '/index.html') return <BoardPage search={search} />;
  const integration = /^\/integrations\/([^/]+)\/?$/.exec(pathname);
  if (integration) {
    const id = decodeURIComponent(integration[1]!);
    return <IntegrationPage key={id} id={id} search={search} />;
  }
  if (/^\/flow\/?$/.test(pathname)) return <FlowPage search={search} />;
  if (/^\/catalogue\/?$/.test(pathname)) return <CataloguePage search={search} />;
  if (/^\/jobs\/?$/.test(pathname)) return <JobsPage search={search} />;
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
  return <NotFoundPage pathname={pathname} />;
}

export function App() {
  const { pathname, search } = useLocation();
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
        <Page pathname={pathname} search={search} />
      </main>
    </LiveProvider>
  );
}
