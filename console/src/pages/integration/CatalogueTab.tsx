import type { ApiError } from '../../api';
import { CatalogueRecord } from '../../components/CatalogueRecord';
import { ErrorMessage, Loading } from '../../components/StateMessage';
import { UncataloguedNote } from '../../components/UncataloguedNote';
import type { CatalogueRecordAnswer, RunbookSummary } from '../../types';

/** The integration's catalogue record and runbooks, or what to add when it has none. */
export function CatalogueTab(props: { id: string; record: CatalogueRecordAnswer | undefined; error: ApiError | undefined; runbooks: RunbookSummary[] | undefined }) {
  const { id, record, error } = props;
  if (error) return <ErrorMessage error={error} />;
  if (!record) return <Loading />;
  if ('uncatalogued' in record) return <UncataloguedNote id={id} />;
  return <CatalogueRecord entry={record} runbooks={props.runbooks} />;
}
