import { useDocumentTitle } from '../hooks';
import { Link } from '../router';

export function NotFoundPage({ pathname }: { pathname: string }) {
  useDocumentTitle('Not found · Switchboard');
  return (
    <div className="state state--empty">
      <h1>Nothing at {pathname}</h1>
      <p>
        <Link href="/">Go to the board</Link>
      </p>
    </div>
  );
}
