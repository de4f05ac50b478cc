import { Header } from './components/Header';
import { LiveProvider } from './live';
import { BoardPage } from './pages/BoardPage';
import { IntegrationPage } from './pages/IntegrationPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { useLocation } from './router';
import { BOARD_FILTERS, readView, searchOf } from './view';

function Page({ pathname, search }: { pathname: string; search: string }) {
  if (pathname === '/' || pathname === '/index.html') return <BoardPage search={search} />;
  const integration = /^\/integrations\/([^/]+)\/?$/.exec(pathname);
  if (integration) {
    const id = decodeURIComponent(integration[1]!);
    return <IntegrationPage key={id} id={id} search={search} />;
  }
  return <NotFoundPage pathname={pathname} />;
}

export function App() {
  const { pathname, search } = useLocation();
  const boardHref = search ? `/${searchOf(readView(search), BOARD_FILTERS)}` : '/';
  return (
    <LiveProvider>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Header boardHref={boardHref} />
      <main id="main" className="page">
        <Page pathname={pathname} search={search} />
      </main>
    </LiveProvider>
  );
}
