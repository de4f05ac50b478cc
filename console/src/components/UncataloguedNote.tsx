/** For an id that sends data without a catalogue record: what is missing and a record to start from. */
export function UncataloguedNote({ id }: { id: string }) {
  const skeleton = `apiVersion: switchboard/v1
kind: Integration
metadata:
  name: ${id}
  title: …
spec:
  type: shop | marketplace | carrier | saas | feed
  partner: …
  direction: outbound
  owner: team-…
  contacts:
    support: { name: …, chat: "#…" }
  runbooks: [partner-timeouts-5xx]`;
  return (
    <section className="panel" aria-label="Not in the catalogue" data-testid="uncatalogued-note">
      <div className="panel__head">
        <h2>Not in the catalogue</h2>
        <p className="panel__note">sending data but not in the catalogue — add a record</p>
      </div>
      <div className="panel__body">
        <p>
          <code>{id}</code> sends records, so its signals are kept and shown, but nobody is named as its owner and it has no SLOs, contacts or
          runbooks. Add a record like this one to the catalogue folder:
        </p>
        <pre className="snippet">
          <code>{skeleton}</code>
        </pre>
      </div>
    </section>
  );
}
