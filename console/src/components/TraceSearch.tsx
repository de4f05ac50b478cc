import { useEffect, useId, useState, type FormEvent } from 'react';
import { navigate, useLocation } from '../router';
import { readTraceRequest, traceSearchHref } from '../trace-view';
import '../trace.css';

/** The id the trace page shows, so the box says what is being traced. */
function tracedId(pathname: string, search: string): string {
  if (!/^\/trace\/?$/.test(pathname)) return '';
  const request = readTraceRequest(search);
  if (request === null) return '';
  return 'q' in request ? request.q : request.id;
}

/** The header's search: an order, shipment or correlation id; Enter opens its trace. */
export function TraceSearch() {
  const { pathname, search } = useLocation();
  const current = tracedId(pathname, search);
  const [value, setValue] = useState(current);
  const id = useId();
  useEffect(() => setValue(current), [current]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = value.trim();
    if (q) navigate(traceSearchHref(q));
  };
  return (
    <form className="trace-search" role="search" aria-label="Trace an order" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        Trace an order, shipment or correlation id
      </label>
      <span className="trace-search__icon" aria-hidden="true">
        ⌕
      </span>
      <input
        id={id}
        type="search"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder="Order, shipment or correlation id"
        autoComplete="off"
        spellCheck={false}
        maxLength={128}
        data-testid="trace-search"
      />
    </form>
  );
}
